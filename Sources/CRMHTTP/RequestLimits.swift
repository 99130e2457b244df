/// The size and time limits one connection enforces, gathered in one named place.
///
/// Defaults (SPEC §4): request line 8 KiB (414 past it), header block 16 KiB (431), body 10 MiB
/// (413; routes that stream their body have no cap), slow headers cut off after 10 s (408),
/// idle keep-alive connections closed after 60 s, at most 10,000 open connections and 256 from one
/// client address.
public struct RequestLimits: Sendable, Equatable {
    /// Longest request line (method, target, version) in bytes.
    public var maxRequestLineBytes: Int = 8 * 1024
    /// Longest header block (request line included) in bytes.
    public var maxHeaderBytes: Int = 16 * 1024
    /// Most header fields in one request.
    public var maxHeaderCount: Int = 100
    /// Largest body a collecting route accepts.
    public var maxBodyBytes: Int = 10 * 1024 * 1024
    /// Time allowed from the first byte of a request head to its last.
    public var headerTimeout: Duration = .seconds(10)
    /// Time a keep-alive connection may sit without a request (also: a stalled body).
    public var idleTimeout: Duration = .seconds(60)
    /// Most connections open at once; past it new ones get a 503 and are closed.
    public var maxConnections: Int = 10_000
    /// Most connections open at once from one client address; past it new ones get a 429 and are closed.
    public var maxConnectionsPerAddress: Int = 256
    /// Time in-flight requests get to finish on shutdown.
    public var shutdownGrace: Duration = .seconds(10)

    public init() {}
}

extension Duration {
    /// The duration in (fractional) seconds, for `DispatchTime` arithmetic.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// The duration in whole nanoseconds, clamped to zero.
    var nanoseconds: Int {
        max(0, Int(seconds * 1e9))
    }
}

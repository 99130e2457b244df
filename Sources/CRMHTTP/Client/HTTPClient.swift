/// A small outgoing HTTP/1.1 client (for webhooks): one request per connection
/// (`Connection: close`), plain TCP or TLS with certificate and host-name verification, redirects
/// never followed (a 3xx is just an answer), and the SSRF guard of `OutboundAddressPolicy` applied
/// to every address the host resolves to; the connection goes to a vetted address, never to a
/// second resolution. Blocking I/O bounded by timeouts runs on a pool of threads of its own.
///
/// ```swift
/// let client = HTTPClient(options: .init(policy: OutboundAddressPolicy(allowsPrivate: false)))
/// let answer = await client.send(ClientRequest(method: "POST", url: url, body: bytes))
/// ```
public final class HTTPClient: Sendable {
    public struct Options: Sendable {
        public var policy: OutboundAddressPolicy
        /// How long connecting (all addresses together) may take (5 s).
        public var connectTimeout: Duration = .seconds(5)
        /// How long the whole exchange may take, from resolving to the last byte (10 s, SPEC §3).
        public var totalTimeout: Duration = .seconds(10)
        /// Body bytes kept from an answer; the rest is not read (64 KiB).
        public var maxResponseBodyBytes = 64 * 1024
        /// Requests running at once; more wait their turn (8).
        public var concurrency = 8
        /// Tests only: trust this PEM file instead of the system's trust store.
        public var trustedCertificatesFile: String?

        public init(policy: OutboundAddressPolicy) {
            self.policy = policy
        }
    }

    public let options: Options
    private let pool: BlockingWorkerPool
    private let tls: Swift.Result<ClientTLSContext, ClientFailure>

    public init(options: Options) {
        self.options = options
        self.pool = BlockingWorkerPool(threadCount: options.concurrency, name: "crm.http-client")
        do throws(ClientFailure) {
            tls = .success(try ClientTLSContext(trustedCertificatesFile: options.trustedCertificatesFile))
        } catch {
            tls = .failure(error)
        }
    }

    /// Sends `request` and returns the answer (any status), or why there was none.
    public func send(_ request: ClientRequest) async -> Swift.Result<ClientResponse, ClientFailure> {
        await pool.run { [self] in
            do throws(ClientFailure) {
                return .success(try exchange(request))
            } catch {
                return .failure(error)
            }
        }
    }

    private func exchange(_ request: ClientRequest) throws(ClientFailure) -> ClientResponse {
        let start = ContinuousClock.now
        let deadline = start + options.totalTimeout
        let url = request.url
        let addresses = try ResolvedAddress.resolve(host: url.host, port: url.port, policy: options.policy)
        let socket = try connect(addresses, deadline: min(deadline, ContinuousClock.now + options.connectTimeout))
        let stream: any ClientStream
        if url.scheme == .https {
            stream = try TLSClientStream(socket: socket, context: try tls.get(), host: url.host, deadline: deadline)
        } else {
            stream = socket
        }
        try stream.send(request.encoded, until: deadline)
        var reader = ResponseReader(maxBodyBytes: options.maxResponseBodyBytes)
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let received = buffer.withUnsafeMutableBytes { raw in
                Swift.Result { () throws(ClientFailure) in try stream.receive(into: raw, until: deadline) }
            }
            let count = try received.get()
            if count == 0 { return try reader.finishAtEndOfStream() }
            try reader.consume(buffer[..<count])
            if let response = reader.completed() { return response }
        }
    }

    /// The first address that accepts, trying them in the resolver's order.
    private func connect(_ addresses: [ResolvedAddress], deadline: ContinuousClock.Instant) throws(ClientFailure) -> ClientSocket {
        var lastFailure = ClientFailure.connection("no address")
        for address in addresses {
            do throws(ClientFailure) {
                return try ClientSocket.connect(to: address, deadline: deadline)
            } catch {
                lastFailure = error
                if error == .timeout { break }
            }
        }
        throw lastFailure
    }
}

/// Why an outgoing request got no HTTP answer. `description` is short and safe to show to API
/// users (it goes into a webhook delivery's attempt log).
public enum ClientFailure: Swift.Error, Sendable, Equatable, CustomStringConvertible {
    case invalidURL(String)
    /// The SSRF guard refused the target (`127.0.0.1 is loopback`).
    case refusedAddress(String)
    case resolution(String)
    case connection(String)
    case timeout
    case tls(String)
    /// The peer's answer is not HTTP/1.x as RFC 9112 describes it.
    case malformedResponse(String)
    case closed

    public var description: String {
        switch self {
        case .invalidURL(let reason): return "invalid URL: \(reason)"
        case .refusedAddress(let reason): return "refused address: \(reason)"
        case .resolution(let reason): return "cannot resolve host: \(reason)"
        case .connection(let reason): return "connection failed: \(reason)"
        case .timeout: return "timed out"
        case .tls(let reason): return "TLS failed: \(reason)"
        case .malformedResponse(let reason): return "malformed response: \(reason)"
        case .closed: return "connection closed before a complete response"
        }
    }
}

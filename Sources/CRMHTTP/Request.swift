/// A request as a responder sees it: the head, and the body collected or streaming in.
public struct Request: Sendable {
    public var head: RequestHead
    public var body: RequestBody

    public init(head: RequestHead, body: RequestBody = .bytes([])) {
        self.head = head
        self.body = body
    }

    public var method: String { head.method }
    public var fields: HTTPFields { head.fields }
}

/// A request body: all of it in memory, or a stream for routes that take bodies of any size.
public enum RequestBody: Sendable {
    case bytes([UInt8])
    case stream(RequestBodyStream)

    /// The bytes of a collected body; a streamed body is read to the end first.
    public func collect(upTo limit: Int) async throws -> [UInt8] {
        switch self {
        case .bytes(let bytes): return bytes
        case .stream(let stream):
            var all: [UInt8] = []
            for try await piece in stream {
                all.append(contentsOf: piece)
                if all.count > limit { throw RequestBodyStream.TooLarge() }
            }
            return all
        }
    }
}

/// How a route wants its body, decided from the head before any body byte is read.
public enum BodyDisposition: Sendable, Equatable {
    /// Collect the whole body in memory; more than `limit` bytes is 413.
    case collect(limit: Int)
    /// Hand the body over as it arrives, with no size cap (imports).
    case stream
}

/// Who sent a request and over what.
public struct ClientInfo: Sendable {
    /// The peer address, `ip:port` or `[ipv6]:port`.
    public var peer: String
    /// The peer's IP address alone.
    public var address: String
    public var isTLS: Bool

    public init(peer: String, address: String, isTLS: Bool) {
        self.peer = peer
        self.address = address
        self.isTLS = isTLS
    }
}

/// The one protocol upward from the HTTP layer: a request in, a response out, never an error.
public protocol Responder: Sendable {
    /// Whether the request's body is collected (with which cap) or streamed.
    func bodyDisposition(for head: RequestHead) -> BodyDisposition
    func respond(to request: Request, from client: ClientInfo) async -> Response
}

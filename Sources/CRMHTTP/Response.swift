/// What a responder answers: status, header fields and a body that is fixed or streamed.
public struct Response: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPFields
    public var body: ResponseBody

    public init(status: HTTPStatus, headers: HTTPFields = HTTPFields(), body: ResponseBody = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A fixed body with its content type.
    public init(status: HTTPStatus, contentType: String, bytes: [UInt8], headers: HTTPFields = HTTPFields()) {
        var fields = headers
        fields.set("Content-Type", contentType)
        self.init(status: status, headers: fields, body: .bytes(bytes))
    }

    /// A plain-text answer.
    public static func text(_ text: String, status: HTTPStatus = .ok) -> Response {
        Response(status: status, contentType: "text/plain; charset=utf-8", bytes: Array(text.utf8))
    }
}

/// The body of a response: none, bytes known up front, or produced while it is sent (chunked).
public enum ResponseBody: Sendable {
    case empty
    case bytes([UInt8])
    /// Written piece by piece; each `write` waits while the client is slow (back-pressure).
    case stream(@Sendable (ResponseBodyWriter) async throws -> Void)
}

/// Where a streamed body's pieces go; `write` suspends until the connection can take more.
public protocol ResponseBodyWriter: Sendable {
    func write(_ bytes: [UInt8]) async throws
}

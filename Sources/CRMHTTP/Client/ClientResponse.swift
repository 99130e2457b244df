/// What an outgoing request answered: status, header fields and (at most the client's cap of)
/// the body.
public struct ClientResponse: Sendable {
    public var status: Int
    public var reason: String
    public var headers: HTTPFields
    public var body: [UInt8]
    /// Whether the body was longer than the cap and the rest was not read.
    public var isTruncated: Bool

    public init(status: Int, reason: String, headers: HTTPFields, body: [UInt8], isTruncated: Bool) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
        self.isTruncated = isTruncated
    }
}

/// One outgoing request: method, URL, extra header fields and body. `Host`, `Content-Length` and
/// `Connection: close` are added by the client.
public struct ClientRequest: Sendable {
    public var method: String
    public var url: OutboundURL
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, url: OutboundURL, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The request as bytes on the wire.
    var encoded: [UInt8] {
        var head = "\(method) \(url.target) HTTP/1.1\r\nHost: \(url.hostHeader)\r\n"
        for field in headers { head += "\(field.name): \(field.value)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PUT" || method == "PATCH" { head += "Content-Length: \(body.count)\r\n" }
        head += "Connection: close\r\n\r\n"
        return Array(head.utf8) + body
    }
}

/// The parsed start of a request: request line and header fields, before any body byte.
public struct RequestHead: Sendable {
    /// The method token exactly as sent (methods are case-sensitive).
    public var method: String
    /// The request target as sent (`/v1/contacts?limit=5`).
    public var target: String
    /// The path part of the target, still percent-encoded.
    public var path: Substring
    /// The query part after `?`, still percent-encoded; nil when there is none.
    public var query: Substring?
    /// The minor version of HTTP/1.x: 0 or 1 (anything above 1 is served as 1.1).
    public var minorVersion: Int
    public var fields: HTTPFields

    public init(method: String, target: String, minorVersion: Int = 1, fields: HTTPFields = HTTPFields()) {
        self.method = method
        self.target = target
        self.minorVersion = minorVersion
        self.fields = fields
        let (path, query) = RequestHead.split(target: target)
        self.path = path
        self.query = query
    }

    /// Whether the client asked to keep the connection open after this exchange.
    public var wantsKeepAlive: Bool {
        if fields.hasToken("close", in: "Connection") { return false }
        if minorVersion == 0 { return fields.hasToken("keep-alive", in: "Connection") }
        return true
    }

    /// Whether the client waits for `100 Continue` before sending the body.
    public var expectsContinue: Bool {
        minorVersion >= 1 && fields["Expect"].map { $0.equalsIgnoringASCIICase("100-continue") } == true
    }

    private static func split(target: String) -> (Substring, Substring?) {
        var pathPart = Substring(target)
        // Absolute form (`http://host/path`): keep only the path.
        if !pathPart.hasPrefix("/"), let scheme = pathPart.range(of: "://") {
            let afterAuthority = pathPart[scheme.upperBound...]
            pathPart = afterAuthority.firstIndex(of: "/").map { afterAuthority[$0...] } ?? "/"
        }
        // Searched as UTF-8 bytes: a Character search would run grapheme breaking on every request.
        guard let mark = pathPart.utf8.firstIndex(of: UInt8(ascii: "?")) else { return (pathPart, nil) }
        return (pathPart[..<mark], pathPart[pathPart.utf8.index(after: mark)...])
    }
}

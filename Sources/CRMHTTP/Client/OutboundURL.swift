/// A URL the server may call out to (webhooks): `http` or `https`, a host, an optional port
/// (1–65535), a path and query. Refused: other schemes, user info (`user:pass@`), fragments,
/// spaces and control characters, non-ASCII hosts. Parsing is pure; no name is resolved here.
public struct OutboundURL: Sendable, Hashable, CustomStringConvertible {
    public enum Scheme: String, Sendable { case http, https }

    public var scheme: Scheme
    /// Lower-cased host name, or an IP literal (IPv6 without brackets).
    public var host: String
    public var port: Int
    /// Path and query as sent in the request line (`/` when the URL has none).
    public var target: String
    public let description: String

    /// Nil with the reason when `text` is not an acceptable outbound URL.
    public static func parse(_ text: String) -> Swift.Result<OutboundURL, ParseFailure> {
        guard text.utf8.count <= 2048 else { return .failure(.init("must be at most 2048 characters")) }
        guard text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            return .failure(.init("must be ASCII without spaces or control characters"))
        }
        let lowered = text.lowercased()
        let scheme: Scheme
        let rest: Substring
        if lowered.hasPrefix("https://") {
            scheme = .https
            rest = text.dropFirst(8)
        } else if lowered.hasPrefix("http://") {
            scheme = .http
            rest = text.dropFirst(7)
        } else {
            return .failure(.init("must be an http:// or https:// URL"))
        }
        guard !rest.contains("#") else { return .failure(.init("must not have a fragment (#…)")) }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var target = String(rest[authorityEnd...])
        if target.isEmpty { target = "/" } else if target.hasPrefix("?") { target = "/" + target }
        guard !authority.contains("@") else { return .failure(.init("must not contain user info (user:password@)")) }
        guard let (host, port) = splitHostAndPort(authority, defaultPort: scheme == .https ? 443 : 80) else {
            return .failure(.init("has an invalid host or port (the port must be 1–65535)"))
        }
        return .success(OutboundURL(scheme: scheme, host: host, port: port, target: target, description: text))
    }

    public struct ParseFailure: Swift.Error, Sendable, Equatable {
        public var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// The `Host` header value (brackets around IPv6, the port when not the default).
    public var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        let isDefault = (scheme == .http && port == 80) || (scheme == .https && port == 443)
        return isDefault ? name : "\(name):\(port)"
    }

    private static func splitHostAndPort(_ authority: Substring, defaultPort: Int) -> (String, Int)? {
        var hostPart: Substring
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portPart = after.dropFirst()
            }
            guard IPAddress(literal: String(hostPart)).map({ if case .v6 = $0 { true } else { false } }) == true else { return nil }
        } else {
            let pieces = authority.split(separator: ":", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { return nil }
            hostPart = pieces[0]
            portPart = pieces.count == 2 ? pieces[1] : nil
            guard isHostName(hostPart) else { return nil }
        }
        var port = defaultPort
        if let portPart {
            guard !portPart.isEmpty, portPart.count <= 5, portPart.allSatisfy(\.isASCII), let value = Int(portPart),
                  (1...65535).contains(value) else { return nil }
            port = value
        }
        guard !hostPart.isEmpty else { return nil }
        return (hostPart.lowercased(), port)
    }

    /// Letters, digits, `-`, `.` and `_`, labels of 1–63 characters, at most 253 in all.
    private static func isHostName(_ text: Substring) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253 else { return false }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        let trimmed = labels.last?.isEmpty == true ? labels.dropLast() : labels[...]
        return !trimmed.isEmpty && trimmed.allSatisfy { label in
            (1...63).contains(label.utf8.count) && label.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            }
        }
    }
}

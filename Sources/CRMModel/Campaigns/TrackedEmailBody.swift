import Foundation

/// Turns a rendered HTML email body into the one sent: every `href="http(s)://…"` (or single-quoted)
/// attribute points at a click-tracking URL instead, and a 1×1 open pixel goes before `</body>`
/// (or at the end). The links found are kept with the message: a click may redirect only to one
/// of them.
///
/// An attribute's value is read as HTML (`&amp;`, `&quot;`, `&#39;`, `&lt;`, `&gt;` decoded, spaces
/// around it dropped) to get the URL; only `http:` and `https:` URLs of visible ASCII are tracked, and never ones
/// starting with `untracked` (the message's own unsubscribe link). Unquoted attributes, `mailto:`
/// and relative links are left alone.
public enum TrackedEmailBody {
    public struct Output: Sendable, Equatable {
        public var html: String
        /// The distinct URLs that were rewritten, in order of first appearance.
        public var links: [String]
    }

    public static func make(html: String, untracked: String, clickURL: (String) -> String, pixelURL: String) -> Output {
        let rewritten = rewriteLinks(html, untracked: untracked, clickURL: clickURL)
        let pixel = #"<img src="\#(HTMLText.escape(pixelURL))" width="1" height="1" alt="" style="display:none">"#
        var body = rewritten.html
        if let close = body.range(of: "</body>", options: [.caseInsensitive, .backwards]) {
            body.insert(contentsOf: pixel, at: close.lowerBound)
        } else {
            body += pixel
        }
        return Output(html: body, links: rewritten.links)
    }

    static func rewriteLinks(_ html: String, untracked: String, clickURL: (String) -> String) -> Output {
        let bytes = Array(html.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 256)
        var links: [String] = []
        var position = 0
        while position < bytes.count {
            guard let value = attributeValue(in: bytes, at: position) else {
                output.append(bytes[position])
                position += 1
                continue
            }
            let raw = String(decoding: bytes[value.start..<value.end], as: UTF8.self)
            let url = HTMLText.unescape(raw).trimmingCharacters(in: [" ", "\t", "\n", "\r"])
            if isTrackable(url), !url.hasPrefix(untracked) {
                output.append(contentsOf: bytes[position..<value.start])
                output.append(contentsOf: HTMLText.escape(clickURL(url)).utf8)
                if !links.contains(url) { links.append(url) }
            } else {
                output.append(contentsOf: bytes[position..<value.end])
            }
            output.append(bytes[value.end])
            position = value.end + 1
        }
        return Output(html: String(decoding: output, as: UTF8.self), links: links)
    }

    /// When an `href` attribute with a quoted value starts at `position`: where its value lies
    /// (`end` is the closing quote).
    private static func attributeValue(in bytes: [UInt8], at position: Int) -> (start: Int, end: Int)? {
        let name: [UInt8] = Array("href".utf8)
        guard position + name.count < bytes.count, position > 0, isSpace(bytes[position - 1]) else { return nil }
        for offset in 0..<name.count where bytes[position + offset] | 0x20 != name[offset] { return nil }
        var cursor = position + name.count
        while cursor < bytes.count, isSpace(bytes[cursor]) { cursor += 1 }
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "=") else { return nil }
        cursor += 1
        while cursor < bytes.count, isSpace(bytes[cursor]) { cursor += 1 }
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") else { return nil }
        let quote = bytes[cursor]
        let start = cursor + 1
        guard let end = bytes[start...].firstIndex(of: quote) else { return nil }
        return (start, end)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    /// An `http:` or `https:` URL of visible ASCII only (it becomes a `Location` header field).
    static func isTrackable(_ url: String) -> Bool {
        let lower = url.prefix(8).lowercased()
        return (lower.hasPrefix("http://") || lower.hasPrefix("https://")) && url.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }
}

/// HTML text escaping for values placed into email bodies and attributes.
public enum HTMLText {
    /// `&`, `<`, `>`, `"` and `'` as character references.
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count + 16)
        for character in text.unicodeScalars {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.unicodeScalars.append(character)
            }
        }
        return output
    }

    /// The few character references `escape` writes (and `&#x27;`), decoded; others stay as written.
    public static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&#x27;", with: "'").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }
}

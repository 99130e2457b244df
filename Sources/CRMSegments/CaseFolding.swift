/// Case-insensitive string tests for evaluation that do not allocate in the common case: ASCII
/// text is folded byte by byte, and only text with non-ASCII bytes pays for `lowercased()`.
///
/// Patterns (needles, prefixes, set members) are lower-cased once when a filter is bound, so
/// only the subject's text is folded here.
enum CaseFolding {
    /// `text` in lower case; the same string, uncopied, when it has no capitals and is ASCII.
    static func lowercased(_ text: String) -> String {
        text.utf8.contains { isUpperASCII($0) || $0 >= 0x80 } ? text.lowercased() : text
    }

    /// Whether `text`, ignoring case, equals `lowercasedPattern`.
    static func equals(_ text: String, lowercasedPattern pattern: String) -> Bool {
        switch compareASCII(text, pattern, { text, pattern in
            text.count == pattern.count && matches(text, at: 0, pattern)
        }) {
        case .some(let answer): answer
        case .none: text.lowercased() == pattern
        }
    }

    /// Whether `text`, ignoring case, contains `lowercasedPattern`.
    static func contains(_ text: String, lowercasedPattern pattern: String) -> Bool {
        switch compareASCII(text, pattern, { text, pattern in
            guard pattern.count <= text.count else { return false }
            return (0...(text.count - pattern.count)).contains { matches(text, at: $0, pattern) }
        }) {
        case .some(let answer): answer
        case .none: text.lowercased().contains(pattern)
        }
    }

    /// Whether `text`, ignoring case, starts with `lowercasedPattern`.
    static func hasPrefix(_ text: String, lowercasedPattern pattern: String) -> Bool {
        switch compareASCII(text, pattern, { text, pattern in
            pattern.count <= text.count && matches(text, at: 0, pattern)
        }) {
        case .some(let answer): answer
        case .none: text.lowercased().hasPrefix(pattern)
        }
    }

    /// Runs `compare` on the UTF-8 of both when `text` is ASCII (whose lower case is ASCII, so
    /// a pattern with other bytes simply never matches); nil when `text` is not ASCII.
    private static func compareASCII(
        _ text: String, _ pattern: String,
        _ compare: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Bool
    ) -> Bool? {
        var text = text
        var pattern = pattern
        return text.withUTF8 { textBytes in
            guard !textBytes.contains(where: { $0 >= 0x80 }) else { return nil }
            return pattern.withUTF8 { patternBytes in compare(textBytes, patternBytes) }
        }
    }

    /// Whether `pattern` (lower case) sits in `text` at `offset`, folding `text`'s capitals.
    private static func matches(_ text: UnsafeBufferPointer<UInt8>, at offset: Int, _ pattern: UnsafeBufferPointer<UInt8>) -> Bool {
        for position in 0..<pattern.count {
            let byte = text[offset + position]
            if (isUpperASCII(byte) ? byte | 0x20 : byte) != pattern[position] { return false }
        }
        return true
    }

    private static func isUpperASCII(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
    }
}

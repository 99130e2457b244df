import CRMModel

/// The words `q` matches by prefix (SPEC §6: "ann" finds "Anna Lee" and "anne@x.io"): name, company
/// and email split on anything not a letter or digit, the whole email, and the phone's digits
/// (also without the country code).
/// The index keys each word by its first three characters; longer queries are confirmed per contact.
enum ContactSearchTokens {
    static let keyLength = 3

    static func tokens(of fields: ContactFields) -> Set<String> {
        var tokens = Set<String>()
        for text in [fields.firstName, fields.lastName, fields.company, fields.email].compactMap({ $0 }) {
            for word in words(text) { tokens.insert(word) }
        }
        if let email = fields.email { tokens.insert(email.lowercased()) }
        if let phone = fields.phone {
            // The digits with and without a 1–3 digit country code, so "4155" finds +14155550123.
            let digits = phone.dropFirst()
            for skip in 0...3 where digits.count - skip >= 6 { tokens.insert(String(digits.dropFirst(skip))) }
        }
        return tokens
    }

    /// Lower-cased runs of letters and digits. ASCII text (nearly all of it) is split byte by byte:
    /// Character-level Unicode properties were the largest single cost of indexing a contact.
    static func words(_ text: String) -> [String] {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
            return text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        }
        var words: [String] = []
        var word: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): word.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte | 0x20)
            default:
                if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
                word.removeAll(keepingCapacity: true)
            }
        }
        if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
        return words
    }

    /// The index key of a word (its first three characters).
    static func key(_ word: String) -> String { String(word.prefix(keyLength)) }

    /// Whether every query word prefixes some token.
    static func matches(_ queryWords: [String], _ tokens: Set<String>) -> Bool {
        queryWords.allSatisfy { word in tokens.contains { $0.hasPrefix(word) } }
    }

    /// The same verdict as `matches(queryWords, tokens(of: fields))` without building the token set:
    /// ASCII fields are scanned in place (a list page checks every candidate under the state's lock).
    static func matches(_ queryWords: [String], fields: ContactFields) -> Bool {
        let texts = [fields.firstName, fields.lastName, fields.company, fields.email].compactMap { $0 }
        guard texts.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) else { return matches(queryWords, tokens(of: fields)) }
        return queryWords.allSatisfy { word in
            let wanted = Array(word.utf8)
            if texts.contains(where: { hasWord(startingWith: wanted, in: $0) }) { return true }
            if let email = fields.email, hasPrefix(wanted, lowercased: email) { return true }
            if let phone = fields.phone {
                let digits = phone.utf8.dropFirst()
                for skip in 0...3 where digits.count - skip >= 6 && digits.dropFirst(skip).starts(with: wanted) { return true }
            }
            return false
        }
    }

    /// Whether a run of ASCII letters and digits in `text` starts with `wanted` (lower case).
    private static func hasWord(startingWith wanted: [UInt8], in text: String) -> Bool {
        var atWordStart = true
        var matched = 0
        var matching = false
        for byte in text.utf8 {
            let isAlphanumeric = (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
            guard isAlphanumeric else {
                atWordStart = true
                matching = false
                continue
            }
            if atWordStart {
                atWordStart = false
                matching = true
                matched = 0
            }
            if matching {
                let lowered = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                if lowered == wanted[matched] {
                    matched += 1
                    if matched == wanted.count { return true }
                } else {
                    matching = false
                }
            }
        }
        return false
    }

    private static func hasPrefix(_ wanted: [UInt8], lowercased text: String) -> Bool {
        var index = 0
        for byte in text.utf8 {
            guard index < wanted.count else { return true }
            let lowered = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            guard lowered == wanted[index] else { return false }
            index += 1
        }
        return index == wanted.count
    }
}

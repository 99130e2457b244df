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

    /// Lower-cased runs of letters and digits.
    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    /// The index key of a word (its first three characters).
    static func key(_ word: String) -> String { String(word.prefix(keyLength)) }

    /// Whether every query word prefixes some token.
    static func matches(_ queryWords: [String], _ tokens: Set<String>) -> Bool {
        queryWords.allSatisfy { word in tokens.contains { $0.hasPrefix(word) } }
    }
}

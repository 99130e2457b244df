/// Email address syntax as a CRM needs it: the practical subset of RFC 5321/5322 that mail providers
/// accept (dot-atom local part, a domain of hostname labels with a dot), ≤ 254 characters.
/// Uniqueness compares the lower-cased address (`normalizedKey`).
public enum EmailAddress {
    /// Whether `text` is an acceptable address.
    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count <= 254, let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return false }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        return isValidLocalPart(local) && isValidDomain(domain)
    }

    /// The key under which addresses are unique: the whole address lower-cased.
    public static func normalizedKey(_ text: String) -> String {
        text.lowercased()
    }

    private static func isValidLocalPart(_ local: ArraySlice<UInt8>) -> Bool {
        guard !local.isEmpty, local.count <= 64, local.first != UInt8(ascii: "."), local.last != UInt8(ascii: ".") else {
            return false
        }
        var previous: UInt8 = 0
        for byte in local {
            if byte == UInt8(ascii: ".") && previous == UInt8(ascii: ".") { return false }
            guard isAtext(byte) || byte == UInt8(ascii: ".") || byte >= 0x80 else { return false }
            previous = byte
        }
        return true
    }

    private static func isValidDomain(_ domain: ArraySlice<UInt8>) -> Bool {
        guard domain.count >= 3, domain.count <= 253 else { return false }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard !label.isEmpty, label.count <= 63, label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-") else {
                return false
            }
            guard label.allSatisfy({ isLetterOrDigit($0) || $0 == UInt8(ascii: "-") || $0 >= 0x80 }) else { return false }
        }
        // The top-level label is not all digits (rules out `a@1.2.3.4`).
        return !labels.last!.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// RFC 5322 atext.
    private static func isAtext(_ byte: UInt8) -> Bool {
        isLetterOrDigit(byte) || "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
    }
}

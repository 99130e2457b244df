/// Crockford's base32 alphabet as ULIDs use it: digits and upper-case letters without I, L, O, U.
/// Only the canonical upper-case spelling is decoded, so each identifier has exactly one text.
enum CrockfordBase32 {
    static let alphabet: [UInt8] = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// The 5-bit value of each byte, or `invalid` for bytes outside the alphabet.
    static let values: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        return table
    }()

    static let invalid: UInt8 = 0xFF
}

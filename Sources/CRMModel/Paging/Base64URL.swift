/// Base64 with the URL- and filename-safe alphabet and no padding (RFC 4648 §5), decoded
/// strictly: one spelling per byte string, so an edited cursor cannot pass as the same one.
enum Base64URL {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        return table
    }()

    static func encode(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        text.reserveCapacity((bytes.count * 4 + 2) / 3)
        var position = 0
        while position < bytes.count {
            let chunk = bytes[position..<min(position + 3, bytes.count)]
            var bits: UInt32 = 0
            for byte in chunk { bits = bits << 8 | UInt32(byte) }
            bits <<= UInt32(8 * (3 - chunk.count))
            for sextet in 0...chunk.count {
                text.append(alphabet[Int(bits >> UInt32(18 - 6 * sextet) & 0x3F)])
            }
            position += 3
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The bytes, or nil for padding, characters outside the alphabet, an impossible length or
    /// non-zero leftover bits.
    static func decode(_ text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count % 4 != 1 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(characters.count * 3 / 4)
        var bits: UInt32 = 0
        var bitCount = 0
        for character in characters {
            let value = values[Int(character)]
            guard value != 0xFF else { return nil }
            bits = bits << 6 | UInt32(value)
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                bytes.append(UInt8(truncatingIfNeeded: bits >> UInt32(bitCount)))
                bits &= (1 << UInt32(bitCount)) - 1
            }
        }
        return bits == 0 ? bytes : nil
    }
}

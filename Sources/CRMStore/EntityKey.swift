/// An entity id as the record locator keys it. Server-made ids (`ct_01JD8X…`: a few lower-case
/// letters, `_`, a canonical 26-character ULID) become 24 bytes without a heap allocation — the
/// ULID's 128 bits and the prefix letters packed in 5 bits each — where a 29-character `String`
/// costs a 16-byte value plus a 48-byte heap block. Any other id (`pipeline`, an idempotency key)
/// stays text. Only canonical ids are packed, so two different texts never share a key.
enum EntityKey: Hashable, Sendable {
    case packed(PackedEntityID)
    case text(String)

    init(_ id: String) {
        self = PackedEntityID(id).map(EntityKey.packed) ?? .text(id)
    }
}

/// `<prefix>_<ULID>` as numbers (see `EntityKey`).
struct PackedEntityID: Hashable, Sendable {
    let high: UInt64
    let low: UInt64
    /// The prefix letters, 5 bits each (a = 1 … z = 26), first letter lowest.
    let prefix: UInt32

    static let maxPrefixLetters = 6
    static let ulidLength = 26

    init?(_ id: String) {
        var id = id
        guard let parsed = id.withUTF8({ Self.parse($0) }) else { return nil }
        self = parsed
    }

    private init(high: UInt64, low: UInt64, prefix: UInt32) {
        self.high = high
        self.low = low
        self.prefix = prefix
    }

    private static func parse(_ utf8: UnsafeBufferPointer<UInt8>) -> PackedEntityID? {
        let letters = utf8.count - ulidLength - 1
        guard letters >= 1, letters <= maxPrefixLetters, utf8[letters] == UInt8(ascii: "_") else { return nil }
        var prefix: UInt32 = 0
        for position in 0..<letters {
            let byte = utf8[position]
            guard byte >= UInt8(ascii: "a"), byte <= UInt8(ascii: "z") else { return nil }
            prefix |= UInt32(byte - UInt8(ascii: "a") + 1) << (5 * UInt32(position))
        }
        // 26 characters of 5 bits carry 130 bits: the first one holds the top 3 (0…7).
        var high: UInt64 = 0
        var low: UInt64 = 0
        for position in (letters + 1)..<utf8.count {
            guard let value = crockfordValue(utf8[position]) else { return nil }
            if position == letters + 1, value > 7 { return nil }
            high = high << 5 | low >> 59
            low = low << 5 | UInt64(value)
        }
        return PackedEntityID(high: high, low: low, prefix: prefix)
    }

    /// The value of one upper-case Crockford base-32 digit; nil for anything else (lower case too).
    private static func crockfordValue(_ byte: UInt8) -> UInt8? {
        let value = decodeTable[Int(byte)]
        return value == 0xFF ? nil : value
    }

    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in "0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8.enumerated() { table[Int(character)] = UInt8(value) }
        return table
    }()
}

/// A ULID: 128 bits that sort by creation time, written as 26 Crockford base32 characters.
/// The high 48 bits are milliseconds since the Unix epoch, the low 80 bits are random.
///
/// `make()` draws from the shared `ULIDGenerator`, which keeps identifiers strictly increasing
/// even within one millisecond. Only the canonical spelling (upper case, first character at
/// most `7`) parses, so every ULID has exactly one text.
public struct ULID: Sendable, Hashable, Comparable, CustomStringConvertible, LosslessStringConvertible {
    /// Timestamp and randomness as one number; comparing these compares creation order.
    public let rawValue: UInt128

    /// Length of the text form.
    public static let characterCount = 26
    static let randomBits = 80
    static let randomMask: UInt128 = (1 << 80) - 1
    static let maximumMilliseconds: UInt64 = (1 << 48) - 1

    public init(rawValue: UInt128) {
        self.rawValue = rawValue
    }

    /// A ULID from its parts; `milliseconds` is cut to 48 bits and `randomness` to 80.
    public init(milliseconds: UInt64, randomness: UInt128) {
        let time = UInt128(milliseconds & Self.maximumMilliseconds)
        rawValue = time << Self.randomBits | randomness & Self.randomMask
    }

    /// A new identifier from the shared generator.
    public static func make() -> ULID {
        ULIDGenerator.shared.make()
    }

    /// Milliseconds since the Unix epoch when this ULID was made.
    public var milliseconds: UInt64 {
        UInt64(truncatingIfNeeded: rawValue >> Self.randomBits)
    }

    public var timestamp: Timestamp {
        Timestamp(millisecondsSinceEpoch: Int64(milliseconds))
    }

    public var randomness: UInt128 {
        rawValue & Self.randomMask
    }

    /// Parses the 26-character canonical text; nil for anything else.
    public init?(_ text: String) {
        var text = text
        guard let ulid = text.withUTF8({ ULID(utf8: $0) }) else { return nil }
        self = ulid
    }

    /// Parses exactly 26 canonical characters.
    init?(utf8: UnsafeBufferPointer<UInt8>) {
        guard utf8.count == Self.characterCount, utf8[0] <= UInt8(ascii: "7") else { return nil }
        var value: UInt128 = 0
        for byte in utf8 {
            let digit = CrockfordBase32.values[Int(byte)]
            guard digit != CrockfordBase32.invalid else { return nil }
            value = value << 5 | UInt128(digit)
        }
        rawValue = value
    }

    public var description: String {
        String(unsafeUninitializedCapacity: Self.characterCount) { buffer in
            writeText(into: buffer)
            return Self.characterCount
        }
    }

    /// Appends the 26 characters to `bytes` without building a `String`, in one append.
    func appendText(to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.characterCount) { text in
            writeText(into: text)
            bytes.append(contentsOf: UnsafeBufferPointer(text))
        }
    }

    /// Writes the 26 characters into the first 26 places of `text`, last one first, 5 bits each
    /// (the first character has the 3 left over).
    private func writeText(into text: UnsafeMutableBufferPointer<UInt8>) {
        CrockfordBase32.alphabet.withUnsafeBufferPointer { alphabet in
            var rest = rawValue
            for position in stride(from: Self.characterCount - 1, through: 0, by: -1) {
                text[position] = alphabet[Int(truncatingIfNeeded: rest & 0x1F)]
                rest >>= 5
            }
        }
    }

    public static func < (lhs: ULID, rhs: ULID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

/// A JSON number kept as the literal text it was written with, so nothing is lost between
/// parsing and writing; `int64` and `double` read it as a Swift number on demand.
///
/// Equality compares the literal text: `1`, `1.0` and `1e0` are three different literals.
/// Compare `double` (or `int64`) when numeric equality is what you mean.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number exactly as written, always a valid RFC 8259 number.
    public let literal: String

    /// Wraps text the parser has already checked against the JSON number grammar.
    init(validatedLiteral: String) {
        self.literal = validatedLiteral
    }

    /// A number from its JSON text; nil unless `literal` matches the RFC 8259 grammar exactly.
    public init?(literal: String) {
        var text = literal
        let isValid = text.withUTF8 { JSONNumberGrammar.end(ofNumberIn: $0, from: 0) == $0.count }
        guard isValid, !literal.isEmpty else { return nil }
        self.literal = literal
    }

    public init(_ value: Int64) {
        self.literal = String(value)
    }

    public init(_ value: Int) {
        self.literal = String(value)
    }

    /// The shortest literal that reads back as `value`; nil for NaN and the infinities,
    /// which JSON cannot spell.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        self.literal = value.description
    }

    /// Whether the literal is written without fraction or exponent (`12`, `-3`, not `1.0`).
    public var isInteger: Bool {
        !literal.utf8.contains { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }
    }

    /// The value as an `Int64` when the literal is an integer (no fraction, no exponent)
    /// within `Int64`'s range; nil otherwise.
    public var int64: Int64? {
        var utf8 = literal.utf8.makeIterator()
        guard var byte = utf8.next() else { return nil }
        let isNegative = byte == UInt8(ascii: "-")
        if isNegative {
            guard let next = utf8.next() else { return nil }
            byte = next
        }
        // Accumulate negatively so that Int64.min is reachable.
        var value: Int64 = 0
        while true {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = times10.subtractingReportingOverflow(Int64(byte &- UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = next
            guard let following = utf8.next() else { break }
            byte = following
        }
        if isNegative { return value }
        return value == .min ? nil : -value
    }

    /// The value as the nearest `Double`; literals beyond `Double`'s range give ±infinity.
    public var double: Double {
        Double(literal) ?? .nan
    }

    public var description: String { literal }
}

/// The scalar getters of `ObjectReader`: strings, numbers, booleans, enumerations, timestamps,
/// dates and identifiers. Each returns nil when the member is absent, `null` or invalid, having
/// recorded what was wrong.
extension ObjectReader {
    /// A string of at most `maxLength` characters (grapheme clusters, as people count them).
    public mutating func string(_ key: String, maxLength: Int = .max, required: Bool = false) -> String? {
        guard let value = value(key, required: required) else { return nil }
        guard case .string(let text) = value else {
            return reject(key, .invalidType(fieldPath(key), expected: "a string"))
        }
        guard Self.fits(text, maxLength: maxLength) else {
            return reject(key, .tooLong(fieldPath(key), maximum: maxLength))
        }
        return text
    }

    /// An integer written without fraction or exponent, within `range` when one is given.
    public mutating func int(_ key: String, in range: ClosedRange<Int>? = nil, required: Bool = false) -> Int? {
        guard let value = value(key, required: required) else { return nil }
        guard case .number(let number) = value, let integer = number.int64.flatMap({ Int(exactly: $0) }) else {
            return reject(key, .invalidType(fieldPath(key), expected: "an integer"))
        }
        if let range, !range.contains(integer) {
            return reject(key, .invalidValue(fieldPath(key), "must be between \(range.lowerBound) and \(range.upperBound)"))
        }
        return integer
    }

    /// A finite number, within `range` when one is given.
    public mutating func double(_ key: String, in range: ClosedRange<Double>? = nil, required: Bool = false) -> Double? {
        guard let value = value(key, required: required) else { return nil }
        guard case .number(let number) = value, number.double.isFinite else {
            return reject(key, .invalidType(fieldPath(key), expected: "a number"))
        }
        if let range, !range.contains(number.double) {
            return reject(key, .invalidValue(fieldPath(key), "must be between \(range.lowerBound) and \(range.upperBound)"))
        }
        return number.double
    }

    public mutating func bool(_ key: String, required: Bool = false) -> Bool? {
        guard let value = value(key, required: required) else { return nil }
        guard case .bool(let flag) = value else {
            return reject(key, .invalidType(fieldPath(key), expected: "true or false"))
        }
        return flag
    }

    /// One of the raw values of `E`; the error message lists them when `E` is `CaseIterable`.
    public mutating func enumValue<E: RawRepresentable>(
        _ key: String, as type: E.Type = E.self, required: Bool = false
    ) -> E? where E.RawValue == String {
        guard let text = string(key, required: required) else { return nil }
        guard let choice = E(rawValue: text) else {
            let allowed = Self.rawValues(of: type).map { "one of " + $0.joined(separator: ", ") } ?? "a known value"
            return reject(key, .invalidValue(fieldPath(key), "must be \(allowed)"))
        }
        return choice
    }

    /// An RFC 3339 date-time (`2026-11-22T11:38:39.123Z`).
    public mutating func timestamp(_ key: String, required: Bool = false) -> Timestamp? {
        guard let text = string(key, required: required) else { return nil }
        guard let timestamp = Timestamp(rfc3339: text) else {
            return reject(key, .invalidValue(fieldPath(key), "must be an RFC 3339 date-time such as 2026-11-22T11:38:39.123Z"))
        }
        return timestamp
    }

    /// A calendar date (`2026-11-22`).
    public mutating func date(_ key: String, required: Bool = false) -> CalendarDate? {
        guard let text = string(key, required: required) else { return nil }
        guard let date = CalendarDate(text) else {
            return reject(key, .invalidValue(fieldPath(key), "must be a date such as 2026-11-22"))
        }
        return date
    }

    /// An identifier of one resource type (`ct_…` for a `ContactID`).
    public mutating func id<Kind>(_ key: String, as type: PrefixedID<Kind>.Type, required: Bool = false) -> PrefixedID<Kind>? {
        guard let text = string(key, required: required) else { return nil }
        guard let id = type.init(text) else {
            return reject(key, .invalidValue(fieldPath(key), "must be an identifier starting with \(Kind.prefix)"))
        }
        return id
    }

    /// Records `error` and answers nil, so getters can `return reject(…)`.
    mutating func reject<Value>(_ key: String, _ error: FieldError) -> Value? {
        record(error)
        return nil
    }

    /// Whether `text` has at most `maxLength` characters; counts graphemes only when its UTF-8
    /// length alone cannot settle it.
    static func fits(_ text: String, maxLength: Int) -> Bool {
        text.utf8.count <= maxLength || text.count <= maxLength
    }

    private static func rawValues<E: RawRepresentable>(of type: E.Type) -> [String]? where E.RawValue == String {
        guard let iterable = type as? any CaseIterable.Type else { return nil }
        return allCases(of: iterable).compactMap { ($0 as? E)?.rawValue }
    }

    private static func allCases<C: CaseIterable>(of type: C.Type) -> [Any] {
        Array(type.allCases)
    }
}

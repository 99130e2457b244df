import CRMModel

/// Whatever a segment filter is evaluated against: the contacts service wraps a contact (and its
/// derived facts, when the filter uses them) in a type that answers for each field.
///
///     struct ContactSubject: SegmentSubject {
///         let contact: Contact
///         let facts: PurchaseFacts?
///         func value(of field: SegmentField) -> SegmentValue? {
///             field.isDerived ? facts?.value(of: field) : contact.segmentValue(of: field)
///         }
///     }
public protocol SegmentSubject {
    /// The field's value, or nil when the subject has none (absent, `null`, or not worked out).
    func value(of field: SegmentField) -> SegmentValue?
}

/// The value of one field of a subject, in the few shapes conditions compare.
public enum SegmentValue: Sendable, Hashable {
    case string(String)
    case number(Double)
    case bool(Bool)
    /// Milliseconds since 1970-01-01T00:00:00Z.
    case timestamp(Int64)
    /// A list of strings (tags); an empty list counts as no value.
    case strings([String])

    public init(_ timestamp: Timestamp) {
        self = .timestamp(timestamp.millisecondsSinceEpoch)
    }

    /// A custom field's JSON value: strings, numbers and booleans; nil for `null` (no value) and
    /// for arrays and objects, which custom fields cannot hold.
    public init?(json: JSONValue) {
        switch json {
        case .string(let text): self = .string(text)
        case .number(let number): self = .number(number.double)
        case .bool(let flag): self = .bool(flag)
        case .null, .array, .object: return nil
        }
    }

    /// Whether the value counts as present for `exists` (an empty tag list does not).
    var isPresent: Bool {
        if case .strings(let list) = self { return !list.isEmpty }
        return true
    }

    /// The instant the value stands for: a timestamp, or a string that reads as an RFC 3339
    /// date-time or a date (its first millisecond), as custom fields hold times.
    var instant: Int64? {
        switch self {
        case .timestamp(let milliseconds): return milliseconds
        case .string(let text):
            if let timestamp = Timestamp(rfc3339: text) { return timestamp.millisecondsSinceEpoch }
            return CalendarDate(text)?.startOfDay.millisecondsSinceEpoch
        default: return nil
        }
    }
}

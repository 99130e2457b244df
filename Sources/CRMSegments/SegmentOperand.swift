import CRMModel

/// The typed `value` of a segment condition, as parsing checked it against the field and the
/// operator: one scalar (`eq`, `ne`, `contains`, `prefix`, `exists`, numeric `gt…lte`), a list of
/// scalars (`in`, `nin`) or a time (`before`, `after`, and `gt…lte` on timestamps).
public enum SegmentOperand: Sendable, Hashable {
    case scalar(SegmentScalar)
    case list([SegmentScalar])
    case time(SegmentTime)

    /// The JSON the operand was written as (times in their canonical text).
    public var jsonValue: JSONValue {
        switch self {
        case .scalar(let scalar): scalar.jsonValue
        case .list(let scalars): .array(scalars.map(\.jsonValue))
        case .time(let time): .string(time.text)
        }
    }
}

/// One string, number or boolean in a condition's value.
public enum SegmentScalar: Sendable, Hashable {
    case string(String)
    case number(Double)
    case bool(Bool)

    /// Integral numbers within ±2^53 are written without a fraction (`5`, not `5.0`).
    public var jsonValue: JSONValue {
        switch self {
        case .string(let text): return .string(text)
        case .bool(let flag): return .bool(flag)
        case .number(let number):
            if number.rounded() == number, abs(number) <= 9_007_199_254_740_992 {
                return .number(JSONNumber(Int64(number)))
            }
            return JSONNumber(number).map(JSONValue.number) ?? .null
        }
    }
}

/// A point or stretch of time in a condition: an instant, a whole UTC day, or a time relative to
/// the moment of evaluation.
public enum SegmentTime: Sendable, Hashable {
    /// `"2026-11-22T11:38:39.123Z"` (or with an offset; kept as the instant).
    case instant(Timestamp)
    /// `"2026-11-22"`: the day from its first to its last millisecond, UTC.
    case day(CalendarDate)
    /// `"-90d"`: resolved against `now` when the filter is bound.
    case relative(RelativeDate)

    /// Reads any of the three spellings; nil when `text` is none of them.
    public init?(_ text: String) {
        if let relative = RelativeDate(text) {
            self = .relative(relative)
        } else if let day = CalendarDate(text) {
            self = .day(day)
        } else if let instant = Timestamp(rfc3339: text) {
            self = .instant(instant)
        } else {
            return nil
        }
    }

    /// The canonical text: RFC 3339 UTC with milliseconds, `YYYY-MM-DD`, or the relative form.
    public var text: String {
        switch self {
        case .instant(let instant): instant.rfc3339
        case .day(let day): day.description
        case .relative(let relative): relative.description
        }
    }

    /// The first and last millisecond the time covers (the same one unless it is a day).
    public func span(now: Timestamp) -> ClosedRange<Int64> {
        switch self {
        case .instant(let instant):
            return instant.millisecondsSinceEpoch...instant.millisecondsSinceEpoch
        case .day(let day):
            let start = day.startOfDay.millisecondsSinceEpoch
            return start...(start + 86_400_000 - 1)
        case .relative(let relative):
            let instant = relative.resolved(now: now).millisecondsSinceEpoch
            return instant...instant
        }
    }
}

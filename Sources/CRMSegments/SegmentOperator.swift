/// The operator of a segment condition, spelled in JSON as its raw value (`"op": "gte"`).
///
/// What each needs as `value` and which fields take it depends on the field's kind; see
/// `SegmentFieldKind.operators` and `SegmentFilter+Parsing.swift`.
public enum SegmentOperator: String, Sendable, Hashable, CaseIterable {
    /// Equal to one value (email compares case-insensitively).
    case eq
    /// Not equal to one value; a missing field is "not equal".
    case ne
    /// Equal to one of a list (for tags: has at least one of the listed tags).
    case `in`
    /// Equal to none of a list (for tags: has none of them); a missing field qualifies.
    case nin
    /// Text: contains the string, ignoring case. Tags: has this tag.
    case contains
    /// Text starts with the string, ignoring case.
    case prefix
    /// `true`: the field has a value (tags: at least one); `false`: it has none.
    case exists
    case gt, gte, lt, lte
    /// Strictly earlier than a time (the same as `lt` on timestamps).
    case before
    /// Strictly later than a time (the same as `gt` on timestamps).
    case after

    /// The order comparison the operator stands for, if it is one.
    var comparison: SegmentComparison? {
        switch self {
        case .gt, .after: .greater
        case .gte: .greaterOrEqual
        case .lt, .before: .less
        case .lte: .lessOrEqual
        default: nil
        }
    }
}

/// An order comparison between a field's value and a bound.
enum SegmentComparison: Sendable, Hashable {
    case greater, greaterOrEqual, less, lessOrEqual

    func holds<Value: Comparable>(_ value: Value, _ bound: Value) -> Bool {
        switch self {
        case .greater: value > bound
        case .greaterOrEqual: value >= bound
        case .less: value < bound
        case .lessOrEqual: value <= bound
        }
    }
}

import CRMModel

/// One condition prepared for evaluation: the operator and value turned into the exact check to
/// run on a subject's value (see `BoundSegmentFilter` for the semantics of missing values).
enum SegmentTest: Sendable {
    case exists(Bool)
    /// `eq` (`isNegated` false) or `ne`; with `foldsCase` the operand is already lower case.
    case equals(SegmentScalar, foldsCase: Bool, isNegated: Bool)
    /// `in` or `nin`; a list value matches when any element is in the set.
    case member(Set<SegmentScalar>, foldsCase: Bool, isNegated: Bool)
    /// Case-insensitive substring; the needle is lower case.
    case containsText(String)
    /// A list (tags) holds exactly this string.
    case containsElement(String)
    /// Case-insensitive prefix; the prefix is lower case.
    case hasPrefix(String)
    case compareNumber(SegmentComparison, Double)
    /// Against an instant in milliseconds, already chosen from the time's span for the comparison.
    case compareInstant(SegmentComparison, Int64)

    init(_ condition: SegmentCondition, now: Timestamp) {
        let kind = condition.field.kind
        let foldsCase = kind == .text(foldsCase: true)
        switch (condition.op, condition.op.comparison, condition.value) {
        case (.exists, _, .scalar(.bool(let flag))):
            self = .exists(flag)
        case (.eq, _, .scalar(let scalar)), (.ne, _, .scalar(let scalar)):
            self = .equals(Self.folded(scalar, foldsCase), foldsCase: foldsCase, isNegated: condition.op == .ne)
        case (.in, _, .list(let scalars)), (.nin, _, .list(let scalars)):
            self = .member(Set(scalars.map { Self.folded($0, foldsCase) }), foldsCase: foldsCase,
                           isNegated: condition.op == .nin)
        case (.contains, _, .scalar(.string(let text))):
            self = kind == .textList ? .containsElement(text) : .containsText(text.lowercased())
        case (.prefix, _, .scalar(.string(let text))):
            self = .hasPrefix(text.lowercased())
        case (_, let comparison?, .scalar(.number(let bound))):
            self = .compareNumber(comparison, bound)
        case (_, let comparison?, .time(let time)):
            // A day covers many milliseconds: "before" it means before its first, "after" it
            // after its last; "lte" includes all of it and "gte" starts at its first.
            let span = time.span(now: now)
            switch comparison {
            case .less, .greaterOrEqual: self = .compareInstant(comparison, span.lowerBound)
            case .lessOrEqual, .greater: self = .compareInstant(comparison, span.upperBound)
            }
        default:
            preconditionFailure("parsing admitted \(condition.op) with \(condition.value)")
        }
    }

    private static func folded(_ scalar: SegmentScalar, _ foldsCase: Bool) -> SegmentScalar {
        guard foldsCase, case .string(let text) = scalar else { return scalar }
        return .string(text.lowercased())
    }

    func holds(for value: SegmentValue?) -> Bool {
        guard let value, value.isPresent else {
            switch self {
            case .exists(let expected): return !expected
            case .equals(_, _, let isNegated), .member(_, _, let isNegated): return isNegated
            default: return false
            }
        }
        switch self {
        case .exists(let expected):
            return expected
        case .equals(let operand, let foldsCase, let isNegated):
            return Self.anyScalar(of: value) { scalar in
                guard foldsCase, case .string(let text) = scalar, case .string(let pattern) = operand else {
                    return scalar == operand
                }
                return CaseFolding.equals(text, lowercasedPattern: pattern)
            } != isNegated
        case .member(let operands, let foldsCase, let isNegated):
            return Self.anyScalar(of: value) { scalar in
                guard foldsCase, case .string(let text) = scalar else { return operands.contains(scalar) }
                return operands.contains(.string(CaseFolding.lowercased(text)))
            } != isNegated
        case .containsText(let needle):
            guard case .string(let text) = value else { return false }
            return CaseFolding.contains(text, lowercasedPattern: needle)
        case .containsElement(let element):
            guard case .strings(let list) = value else { return false }
            return list.contains(element)
        case .hasPrefix(let prefix):
            guard case .string(let text) = value else { return false }
            return CaseFolding.hasPrefix(text, lowercasedPattern: prefix)
        case .compareNumber(let comparison, let bound):
            guard case .number(let number) = value else { return false }
            return comparison.holds(number, bound)
        case .compareInstant(let comparison, let bound):
            guard let instant = value.instant else { return false }
            return comparison.holds(instant, bound)
        }
    }

    /// Whether `predicate` holds for the value as the scalars `eq` and `in` compare: the value
    /// itself, or any element of a list. Timestamps have no scalar form (they take no `eq`).
    private static func anyScalar(of value: SegmentValue, _ predicate: (SegmentScalar) -> Bool) -> Bool {
        switch value {
        case .string(let text): predicate(.string(text))
        case .number(let number): predicate(.number(number))
        case .bool(let flag): predicate(.bool(flag))
        case .strings(let list): list.contains { predicate(.string($0)) }
        case .timestamp: false
        }
    }
}

import CRMModel

extension SegmentFilter {
    /// The filter with every time resolved against `now` and every value prepared for comparing
    /// (case folded, lists hashed), ready to test many subjects without further work.
    public func bound(now: Timestamp) -> BoundSegmentFilter {
        BoundSegmentFilter(root: Self.node(self, now: now), now: now)
    }

    /// Whether one subject matches, binding at `now` first; bind once with `bound(now:)` to test many.
    public func matches(_ subject: some SegmentSubject, now: Timestamp) -> Bool {
        bound(now: now).matches(subject)
    }

    private static func node(_ filter: SegmentFilter, now: Timestamp) -> BoundSegmentFilter.Node {
        let children = filter.terms.map { term -> BoundSegmentFilter.Node in
            switch term {
            case .group(let group): node(group, now: now)
            case .condition(let condition): .test(condition.field, SegmentTest(condition, now: now))
            }
        }
        return filter.combinator == .all ? .all(children) : .any(children)
    }
}

/// A `SegmentFilter` bound to one moment (`SegmentFilter.bound(now:)`): relative dates are
/// instants, strings to compare without case are lower-cased once, `in` lists are sets. Evaluating
/// it asks the subject only for the fields the conditions name, and stops as soon as a group's
/// answer is known.
///
/// Semantics: a field the subject has no value for (nil, or an empty tag list) satisfies only
/// `ne`, `nin` and `exists false`. Values of another type than the condition's (possible for custom
/// fields) are simply unequal: `eq` is false, `ne` true, comparisons false.
public struct BoundSegmentFilter: Sendable {
    indirect enum Node: Sendable {
        case all([Node])
        case any([Node])
        case test(SegmentField, SegmentTest)
    }

    let root: Node
    /// The moment relative dates were resolved against.
    public let now: Timestamp

    /// Whether `subject` belongs to the segment.
    public func matches(_ subject: some SegmentSubject) -> Bool {
        Self.holds(root, for: subject)
    }

    private static func holds(_ node: Node, for subject: some SegmentSubject) -> Bool {
        switch node {
        case .all(let children): children.allSatisfy { holds($0, for: subject) }
        case .any(let children): children.contains { holds($0, for: subject) }
        case .test(let field, let test): test.holds(for: subject.value(of: field))
        }
    }
}

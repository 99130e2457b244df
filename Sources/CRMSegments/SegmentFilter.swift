import CRMModel

/// A parsed, validated segment filter (SPEC §3, "Segments and campaigns"): which contacts belong
/// to a segment, a campaign audience or a filtered contact list.
///
/// The grammar, as JSON:
///
///     filter     = group
///     group      = {"all": [term, ...]}          every term must hold ([] holds for everyone)
///                | {"any": [term, ...]}          at least one term must hold ([] holds for no one)
///     term       = group | condition
///     condition  = {"field": field, "op": op, "value": value}
///     field      = contact field                 id, email, firstName, lastName, phone, company, title,
///                                                address.street|city|region|postalCode|country,
///                                                preferredChannel, lifecycleStage, ownerId, tags,
///                                                externalId, consent.email, consent.sms, createdAt,
///                                                updatedAt, leadScore, lastInteractionAt
///                | "socialHandles." network
///                | "customFields." key
///                | derived field                 lastPurchaseAt, purchaseCount, totalSpent, rfmSegment
///     op         = eq | ne | in | nin | contains | prefix | exists
///                | gt | gte | lt | lte | before | after
///     time       = RFC 3339 date-time            "2026-11-22T11:38:39.123Z" (any offset)
///                | date                          "2026-11-22" (the whole UTC day)
///                | relative date                 "-90d", "+2w", "-12h" (see `RelativeDate`)
///
/// Each field has a kind (`SegmentFieldKind`) that decides which operators it takes and what
/// `value` each operator needs: `exists` takes `true`/`false`; `eq`/`ne` one value of the field's
/// type; `in`/`nin` a non-empty array of at most 1,000 such values; `contains`/`prefix` a string;
/// `gt…lte` a number on numeric fields and a time on timestamp fields; `before`/`after` a time.
/// Limits: groups nest at most `maximumDepth` (8) deep, counting the outer group, and a filter
/// holds at most `maximumConditions` (200) conditions. Anything else is a 422 whose errors name
/// the bad part by path, e.g. `filter.all[2].op` (see `SegmentFilter+Parsing.swift`).
///
/// Evaluation (`SegmentFilter+Evaluation.swift`) first binds the filter to one `now`, then asks a
/// `SegmentSubject` for field values, so this module knows nothing of how contacts are stored.
public struct SegmentFilter: Sendable, Hashable {
    /// How a group combines its terms.
    public enum Combinator: String, Sendable, Hashable, CaseIterable {
        /// Every term must hold.
        case all
        /// At least one term must hold.
        case any
    }

    /// One member of a group: a nested group or a condition.
    public enum Term: Sendable, Hashable {
        case group(SegmentFilter)
        case condition(SegmentCondition)
    }

    public var combinator: Combinator
    public var terms: [Term]

    public init(_ combinator: Combinator, _ terms: [Term]) {
        self.combinator = combinator
        self.terms = terms
    }

    /// `{"all": [...]}` of these conditions.
    public static func all(_ conditions: SegmentCondition...) -> SegmentFilter {
        SegmentFilter(.all, conditions.map(Term.condition))
    }

    /// `{"any": [...]}` of these conditions.
    public static func any(_ conditions: SegmentCondition...) -> SegmentFilter {
        SegmentFilter(.any, conditions.map(Term.condition))
    }

    /// How many groups may enclose one another; the outer group is depth 1.
    public static let maximumDepth = 8
    /// How many conditions one filter may hold, counted over all groups.
    public static let maximumConditions = 200
    /// How many values an `in` or `nin` array may hold.
    public static let maximumListCount = 1000
    /// How long a string value may be (the longest string a custom field can hold).
    public static let maximumStringLength = 2000
}

/// One test of one field: `{"field": "lifecycleStage", "op": "in", "value": ["lead", "mql"]}`.
public struct SegmentCondition: Sendable, Hashable {
    public var field: SegmentField
    public var op: SegmentOperator
    public var value: SegmentOperand

    public init(_ field: SegmentField, _ op: SegmentOperator, _ value: SegmentOperand) {
        self.field = field
        self.op = op
        self.value = value
    }
}

extension SegmentFilter {
    /// Every condition, depth first in written order.
    public var conditions: [SegmentCondition] {
        terms.flatMap { term -> [SegmentCondition] in
            switch term {
            case .condition(let condition): [condition]
            case .group(let group): group.conditions
            }
        }
    }

    /// The fields the filter reads. The contacts service uses it to decide whether derived facts
    /// (purchases, RFM) must be worked out before evaluating.
    public var fields: Set<SegmentField> {
        Set(conditions.map(\.field))
    }

    /// Whether any condition reads a derived field (`SegmentField.isDerived`).
    public var usesDerivedFields: Bool {
        conditions.contains { $0.field.isDerived }
    }

    /// How deeply groups nest; a filter without nested groups has depth 1.
    public var depth: Int {
        1 + terms.reduce(0) { deepest, term in
            if case .group(let group) = term { return max(deepest, group.depth) }
            return deepest
        }
    }
}

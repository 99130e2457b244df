import CRMModel
import CRMSegments
import Testing

@Suite struct SegmentFilterParsingTests {
    /// One field of each kind.
    static let representatives: [SegmentField] = [
        .company, .email, .lifecycleStage, .leadScore, .consentSms, .lastPurchaseAt, .tags, .customField("plan"),
    ]

    /// A valid `value` (JSON text) for an operator on a field, and the operand it must parse to.
    static func sample(_ op: SegmentOperator, for field: SegmentField) -> (json: String, operand: SegmentOperand) {
        switch (op, field.kind) {
        case (.exists, _): return ("true", .scalar(.bool(true)))
        case (.eq, .choice), (.ne, .choice): return (#""customer""#, .scalar(.string("customer")))
        case (.eq, .number), (.ne, .number): return ("42", .scalar(.number(42)))
        case (.eq, .flag), (.ne, .flag): return ("false", .scalar(.bool(false)))
        case (.eq, _), (.ne, _): return (#""Acme""#, .scalar(.string("Acme")))
        case (.in, .choice), (.nin, .choice): return (#"["lead","mql"]"#, .list([.string("lead"), .string("mql")]))
        case (.in, .number), (.nin, .number): return ("[1,2.5]", .list([.number(1), .number(2.5)]))
        case (.in, .custom), (.nin, .custom):
            return (#"["gold",3,true]"#, .list([.string("gold"), .number(3), .bool(true)]))
        case (.in, _), (.nin, _): return (#"["a","b"]"#, .list([.string("a"), .string("b")]))
        case (.contains, _), (.prefix, _): return (#""ac""#, .scalar(.string("ac")))
        case (.gt, .timestamp), (.gte, .timestamp), (.lt, .timestamp), (.lte, .timestamp):
            return (#""-90d""#, .time(.relative(RelativeDate(amount: -90, unit: .days)!)))
        case (.gt, _), (.gte, _), (.lt, _), (.lte, _): return ("10", .scalar(.number(10)))
        case (.before, _), (.after, _): return (#""2026-01-31""#, .time(.day(CalendarDate(year: 2026, month: 1, day: 31)!)))
        }
    }

    @Test(arguments: representatives)
    func everyAllowedOperatorParsesToATypedValue(_ field: SegmentField) throws {
        for op in field.kind.operators {
            let sample = Self.sample(op, for: field)
            let parsed = try filter(single(field.name, op.rawValue, sample.json))
            #expect(parsed == .all(SegmentCondition(field, op, sample.operand)), "\(field) \(op)")
        }
    }

    @Test(arguments: representatives)
    func everyOtherOperatorIsRefusedNamingTheAllowedOnes(_ field: SegmentField) {
        let allowed = field.kind.operators.map(\.rawValue).joined(separator: ", ")
        for op in SegmentOperator.allCases where !field.kind.operators.contains(op) {
            let found = errors(single(field.name, op.rawValue, "1"))
            #expect(found == [.invalidValue(
                "filter.all[0].op",
                "\"\(op.rawValue)\" does not apply to \(field.name), \(field.kind.displayName); use one of \(allowed)")])
        }
    }

    @Test func customFieldComparisonsTakeNumbersOrTimes() throws {
        #expect(try filter(single("customFields.renewal", "gte", #""2026-01-01T00:00:00Z""#))
            == .all(SegmentCondition(.customField("renewal"), .gte, .time(.instant(timestamp("2026-01-01T00:00:00.000Z"))))))
        #expect(try filter(single("customFields.renewal", "before", #""+1w""#))
            == .all(SegmentCondition(.customField("renewal"), .before, .time(.relative(RelativeDate(amount: 1, unit: .weeks)!)))))
        #expect(try filter(single("customFields.seats", "lt", "-3.5e2"))
            == .all(SegmentCondition(.customField("seats"), .lt, .scalar(.number(-350)))))
    }

    @Test func timestampFieldsTakeEveryTimeSpelling() throws {
        let parsed = try filter(#"""
            {"any":[{"field":"createdAt","op":"after","value":"2026-11-01T09:30:00.5+01:00"},
                    {"field":"updatedAt","op":"lte","value":"2026-11-01"},
                    {"field":"lastInteractionAt","op":"before","value":"-12h"}]}
            """#)
        #expect(parsed == .any(
            SegmentCondition(.createdAt, .after, .time(.instant(timestamp("2026-11-01T08:30:00.500Z")))),
            SegmentCondition(.updatedAt, .lte, .time(.day(CalendarDate(year: 2026, month: 11, day: 1)!))),
            SegmentCondition(.lastInteractionAt, .before, .time(.relative(RelativeDate(amount: -12, unit: .hours)!)))))
    }

    @Test func groupsNestAndEmptyGroupsAreAllowed() throws {
        let parsed = try filter(#"""
            {"all":[{"field":"tags","op":"contains","value":"vip"},
                    {"any":[{"field":"leadScore","op":"gte","value":80},{"all":[]}]}]}
            """#)
        #expect(parsed == SegmentFilter(.all, [
            .condition(SegmentCondition(.tags, .contains, .scalar(.string("vip")))),
            .group(SegmentFilter(.any, [
                .condition(SegmentCondition(.leadScore, .gte, .scalar(.number(80)))),
                .group(SegmentFilter(.all, [])),
            ])),
        ]))
        #expect(parsed.depth == 3)
        #expect(parsed.conditions.count == 2)
        #expect(try filter(#"{"any":[]}"#) == SegmentFilter(.any, []))
    }

    @Test func listsTheFieldsItUses() throws {
        let parsed = try filter(#"""
            {"all":[{"field":"email","op":"exists","value":true},{"field":"email","op":"contains","value":"@acme"},
                    {"any":[{"field":"customFields.plan","op":"eq","value":"gold"},
                            {"field":"totalSpent","op":"gt","value":10000}]}]}
            """#)
        #expect(parsed.fields == [.email, .customField("plan"), .totalSpent])
        #expect(parsed.usesDerivedFields)
        #expect(try !filter(single("leadScore", "gt", "50")).usesDerivedFields)
    }

    @Test func readsFromJSONValueBytesAndText() throws {
        let json: JSONValue = ["any": [["field": "lifecycleStage", "op": "eq", "value": "lead"]]]
        let expected = SegmentFilter.any(SegmentCondition(.lifecycleStage, .eq, .scalar(.string("lead"))))
        #expect(try SegmentFilter(json: json) == expected)
        #expect(try SegmentFilter(parsing: Array(json.description.utf8)) == expected)
        #expect(try SegmentFilter(parsing: json.description) == expected)
    }

    @Test func acceptsTheLimitsExactly() throws {
        let conditions = Array(repeating: #"{"field":"tags","op":"exists","value":true}"#, count: 200)
        #expect(try filter(#"{"all":["# + conditions.joined(separator: ",") + "]}").conditions.count == 200)
        let values = (0..<1000).map { "\"t\($0)\"" }.joined(separator: ",")
        #expect(try filter(single("tags", "in", "[\(values)]")).conditions.first?.value.jsonValue.arrayValue?.count == 1000)
        var nested = #"{"all":[{"field":"tags","op":"exists","value":true}]}"#
        for _ in 1..<SegmentFilter.maximumDepth { nested = #"{"any":["# + nested + "]}" }
        #expect(try filter(nested).depth == 8)
        let longest = String(repeating: "x", count: 2000)
        #expect(try filter(single("company", "contains", "\"\(longest)\"")).conditions.count == 1)
    }
}

import CRMModel
import CRMSegments
import Testing

@Suite struct SegmentFilterEvaluationTests {
    /// Whether a one-condition filter matches `subject` at `testNow`.
    func check(_ field: String, _ op: String, _ value: String, _ subject: DictionarySubject) throws -> Bool {
        try filter(single(field, op, value)).matches(subject, now: testNow)
    }

    @Test func missingValuesSatisfyOnlyNeNinAndExistsFalse() throws {
        let empty = DictionarySubject()
        let field = SegmentField.customField("plan")
        for op in SegmentOperator.allCases {
            let sample = SegmentFilterParsingTests.sample(op, for: field)
            let expected = op == .ne || op == .nin
            #expect(try check(field.name, op.rawValue, sample.json, empty) == expected, "\(op)")
        }
        #expect(try check("customFields.plan", "exists", "false", empty))
        #expect(try check("email", "nin", #"["a@b.co"]"#, empty))
        #expect(try !check("leadScore", "lte", "100", empty))
        #expect(try !check("createdAt", "before", #""+1w""#, empty))
    }

    @Test func textComparesExactlyExceptEmail() throws {
        let subject = DictionarySubject([.company: .string("Acme Corp"), .email: .string("Anna@Example.COM")])
        #expect(try check("company", "eq", #""Acme Corp""#, subject))
        #expect(try !check("company", "eq", #""acme corp""#, subject))
        #expect(try check("company", "ne", #""acme corp""#, subject))
        #expect(try check("company", "in", #"["x","Acme Corp"]"#, subject))
        #expect(try !check("company", "nin", #"["Acme Corp"]"#, subject))
        #expect(try check("email", "eq", #""anna@example.com""#, subject))
        #expect(try !check("email", "ne", #""ANNA@example.com""#, subject))
        #expect(try check("email", "in", #"["x@y.z","ANNA@EXAMPLE.COM"]"#, subject))
        #expect(try !check("email", "nin", #"["anna@example.com"]"#, subject))
        #expect(try check("email", "nin", #"["bob@example.com"]"#, subject))
    }

    @Test func containsAndPrefixIgnoreCase() throws {
        let subject = DictionarySubject([.company: .string("Acme Corp"), .title: .string("Ökonomin")])
        #expect(try check("company", "contains", #""CORP""#, subject))
        #expect(try check("company", "contains", #""me c""#, subject))
        #expect(try !check("company", "contains", #""inc""#, subject))
        #expect(try check("company", "prefix", #""aCm""#, subject))
        #expect(try !check("company", "prefix", #""corp""#, subject))
        #expect(try check("title", "prefix", #""ÖKO""#, subject))
        #expect(try check("company", "exists", "true", subject))
        #expect(try !check("company", "exists", "false", subject))
    }

    @Test func tagsAreAListOfExactStrings() throws {
        let tagged = DictionarySubject([.tags: .strings(["vip", "Newsletter"])])
        let untagged = DictionarySubject([.tags: .strings([])])
        let table: [(op: String, value: String, tagged: Bool, untagged: Bool)] = [
            ("contains", #""vip""#, true, false),
            ("contains", #""VIP""#, false, false),
            ("contains", #""news""#, false, false),
            ("in", #"["x","Newsletter"]"#, true, false),
            ("in", #"["x"]"#, false, false),
            ("nin", #"["vip"]"#, false, true),
            ("nin", #"["x","y"]"#, true, true),
            ("exists", "true", true, false),
            ("exists", "false", false, true),
        ]
        for row in table {
            #expect(try check("tags", row.op, row.value, tagged) == row.tagged, "\(row.op) \(row.value)")
            #expect(try check("tags", row.op, row.value, untagged) == row.untagged, "\(row.op) \(row.value) untagged")
        }
    }

    @Test func numbersChoicesAndFlags() throws {
        let subject = DictionarySubject([
            .leadScore: .number(80), .lifecycleStage: .string("customer"), .consentEmail: .bool(true),
        ])
        let table: [(field: String, op: String, value: String, expected: Bool)] = [
            ("leadScore", "eq", "80", true), ("leadScore", "eq", "80.0", true), ("leadScore", "ne", "80", false),
            ("leadScore", "in", "[79,80]", true), ("leadScore", "nin", "[79,80]", false),
            ("leadScore", "gt", "80", false), ("leadScore", "gte", "80", true), ("leadScore", "gt", "79.5", true),
            ("leadScore", "lt", "80", false), ("leadScore", "lte", "80", true), ("leadScore", "lt", "1e2", true),
            ("lifecycleStage", "eq", #""customer""#, true), ("lifecycleStage", "ne", #""lead""#, true),
            ("lifecycleStage", "in", #"["lead","customer"]"#, true), ("lifecycleStage", "nin", #"["customer"]"#, false),
            ("consent.email", "eq", "true", true), ("consent.email", "eq", "false", false),
            ("consent.email", "ne", "false", true),
        ]
        for row in table {
            #expect(try check(row.field, row.op, row.value, subject) == row.expected, "\(row.field) \(row.op) \(row.value)")
        }
    }

    @Test func timestampsCompareWithInstantsAndWholeDays() throws {
        let subject = DictionarySubject([.createdAt: SegmentValue(timestamp("2026-01-31T10:00:00.000Z"))])
        let table: [(op: String, value: String, expected: Bool)] = [
            ("before", "2026-01-31", false), ("after", "2026-01-31", false),
            ("gte", "2026-01-31", true), ("lte", "2026-01-31", true),
            ("lt", "2026-02-01", true), ("gt", "2026-01-30", true), ("lte", "2026-01-30", false),
            ("before", "2026-01-31T10:00:00Z", false), ("lte", "2026-01-31T10:00:00Z", true),
            ("gte", "2026-01-31T10:00:00Z", true), ("after", "2026-01-31T09:59:59.999Z", true),
            ("after", "2026-01-31T11:00:00+01:00", false), ("before", "2026-01-31T11:00:00.001+01:00", true),
        ]
        for row in table {
            #expect(try check("createdAt", row.op, "\"\(row.value)\"", subject) == row.expected, "\(row.op) \(row.value)")
        }
    }

    @Test func relativeDatesResolveAgainstNow() throws {
        let recent = DictionarySubject([.lastInteractionAt: SegmentValue(timestamp("2026-08-25T12:00:00.000Z"))])  // 89 days ago
        let older = DictionarySubject([.lastInteractionAt: SegmentValue(timestamp("2026-08-23T12:00:00.000Z"))])  // 91 days ago
        #expect(try check("lastInteractionAt", "after", #""-90d""#, recent))
        #expect(try !check("lastInteractionAt", "before", #""-90d""#, recent))
        #expect(try !check("lastInteractionAt", "after", #""-90d""#, older))
        #expect(try check("lastInteractionAt", "before", #""-90d""#, older))
        #expect(try check("lastInteractionAt", "lt", #""-12w""#, older))
        #expect(try !check("lastInteractionAt", "gte", #""-2160h""#, older))
        let exactly = DictionarySubject([.lastInteractionAt: SegmentValue(timestamp("2026-08-24T12:00:00.000Z"))])
        #expect(try check("lastInteractionAt", "gte", #""-90d""#, exactly))
        #expect(try !check("lastInteractionAt", "after", #""-90d""#, exactly))
        // The same filter bound later sees the contact as older.
        let bound = try filter(single("lastInteractionAt", "after", #""-90d""#)).bound(now: timestamp("2026-11-24T12:00:00.000Z"))
        #expect(!bound.matches(recent))
        #expect(bound.now == timestamp("2026-11-24T12:00:00.000Z"))
    }

    @Test func customFieldsCompareByTheirOwnType() throws {
        let subject = DictionarySubject([
            .customField("plan"): .string("gold"), .customField("seats"): .number(12), .customField("active"): .bool(true),
            .customField("renewal"): .string("2026-12-01"), .customField("signed"): .string("2026-12-01T08:00:00Z"),
        ])
        let table: [(field: String, op: String, value: String, expected: Bool)] = [
            ("plan", "eq", #""gold""#, true), ("plan", "eq", #""Gold""#, false), ("plan", "contains", #""OL""#, true),
            ("plan", "eq", "5", false), ("plan", "ne", "5", true), ("plan", "in", #"["gold",1]"#, true),
            ("plan", "gt", "1", false), ("plan", "before", #""+1w""#, false),
            ("seats", "gt", "10", true), ("seats", "eq", "12", true), ("seats", "eq", #""12""#, false),
            ("seats", "contains", #""1""#, false), ("seats", "in", #"[12,"x"]"#, true), ("seats", "nin", #"[12]"#, false),
            ("active", "eq", "true", true), ("active", "ne", "true", false), ("active", "eq", #""true""#, false),
            ("renewal", "after", #""2026-11-30""#, true), ("renewal", "before", #""+1w""#, false),
            ("renewal", "before", #""+2w""#, true), ("renewal", "gt", "5", false),
            ("signed", "gte", #""2026-12-01""#, true), ("signed", "after", #""2026-12-01T07:59:59Z""#, true),
            ("missing", "nin", #"["x"]"#, true), ("missing", "exists", "false", true),
        ]
        for row in table {
            let found = try check("customFields." + row.field, row.op, row.value, subject)
            #expect(found == row.expected, "\(row.field) \(row.op) \(row.value)")
        }
    }

    @Test func groupsCombineAndNest() throws {
        let nested = try filter(#"""
            {"all":[{"field":"consent.email","op":"eq","value":true},
                    {"any":[{"field":"tags","op":"contains","value":"vip"},
                            {"all":[{"field":"leadScore","op":"gte","value":70},{"field":"lifecycleStage","op":"eq","value":"sql"}]}]}]}
            """#)
        let rows: [(values: [SegmentField: SegmentValue], expected: Bool)] = [
            ([.consentEmail: .bool(true), .tags: .strings(["vip"])], true),
            ([.consentEmail: .bool(false), .tags: .strings(["vip"])], false),
            ([.consentEmail: .bool(true), .leadScore: .number(75), .lifecycleStage: .string("sql")], true),
            ([.consentEmail: .bool(true), .leadScore: .number(75), .lifecycleStage: .string("lead")], false),
            ([.consentEmail: .bool(true), .leadScore: .number(65), .lifecycleStage: .string("sql")], false),
            ([.consentEmail: .bool(true)], false),
        ]
        let bound = nested.bound(now: testNow)
        for (position, row) in rows.enumerated() {
            #expect(bound.matches(DictionarySubject(row.values)) == row.expected, "row \(position)")
        }
        #expect(SegmentFilter(.all, []).matches(DictionarySubject(), now: testNow))
        #expect(!SegmentFilter(.any, []).matches(DictionarySubject(), now: testNow))
    }

    @Test func evaluationStopsOnceAGroupIsDecided() throws {
        final class RecordingSubject: SegmentSubject {
            var asked: [SegmentField] = []
            func value(of field: SegmentField) -> SegmentValue? {
                asked.append(field)
                return field == .leadScore ? .number(10) : nil
            }
        }
        let subject = RecordingSubject()
        let all = try filter(#"{"all":[{"field":"leadScore","op":"gt","value":50},{"field":"email","op":"exists","value":true}]}"#)
        #expect(!all.matches(subject, now: testNow))
        #expect(subject.asked == [.leadScore])
        subject.asked = []
        let any = try filter(#"{"any":[{"field":"leadScore","op":"lt","value":50},{"field":"email","op":"exists","value":true}]}"#)
        #expect(any.matches(subject, now: testNow))
        #expect(subject.asked == [.leadScore])
    }
}

import CRMModel
import CRMSegments
import Testing

@Suite struct SegmentFilterErrorTests {
    static let groupShape = #"{"all": [conditions]} or {"any": [conditions]}"#
    static let timeShape = "an RFC 3339 date-time (2026-11-22T11:38:39Z), a date (2026-11-22) "
        + "or a relative date such as -90d (a sign, a number and h, d or w)"

    @Test func theOuterValueMustBeOneGroup() {
        #expect(errors("[]") == [.invalidType("filter", expected: "an object, " + Self.groupShape)])
        #expect(errors(#"{"field":"email","op":"exists","value":true}"#) == [.invalidValue(
            "filter", #"must have "all" or "any": "# + Self.groupShape + #"; wrap a single condition as {"all": [condition]}"#)])
        #expect(errors(#"{"all":[],"any":[]}"#) == [.invalidValue(
            "filter", #"must have only one of "all" and "any"; nest one group inside the other to combine them"#)])
    }

    @Test func groupMembersMustBeArraysOfObjects() {
        #expect(errors(#"{"all":{}}"#) == [.invalidType("filter.all", expected: "an array of conditions and groups")])
        #expect(errors(#"{"any":null}"#) == [.invalidType("filter.any", expected: "an array of conditions and groups")])
        #expect(errors(#"{"all":[],"name":"vips"}"#) == [.unknownField("filter.name")])
        #expect(errors(#"{"all":[1]}"#) == [.invalidType(
            "filter.all[0]", expected: #"a condition {"field", "op", "value"} or a group "# + Self.groupShape)])
        #expect(errors(#"{"all":[{"any":[],"field":"email"}]}"#) == [.unknownField("filter.all[0].field")])
    }

    @Test func conditionsNeedFieldOpAndValue() {
        #expect(errors(#"{"all":[{}]}"#)
            == [.required("filter.all[0].field"), .required("filter.all[0].op"), .required("filter.all[0].value")])
        #expect(errors(#"{"all":[{"field":1,"op":true,"value":1,"extra":0}]}"#) == [
            .invalidType("filter.all[0].field", expected: "a string"), .invalidType("filter.all[0].op", expected: "a string"),
            .unknownField("filter.all[0].extra"),
        ])
        #expect(errors(single("email", "eq", "null")) == [FieldError(
            field: "filter.all[0].value", code: "invalid_type",
            message: #"must not be null; to match contacts without a value use {"op": "exists", "value": false}"#)])
    }

    @Test func unknownFieldsAndOperatorsListWhatIsAllowed() {
        #expect(errors(single("colour", "eq", #""red""#)) == [.invalidValue(
            "filter.all[0].field",
            "is not a segment field; use a contact field (id, email, firstName, lastName, phone, company, title, "
                + "address.street, address.city, address.region, address.postalCode, address.country, preferredChannel, "
                + "lifecycleStage, ownerId, tags, externalId, consent.email, consent.sms, createdAt, updatedAt, leadScore, "
                + "lastInteractionAt), customFields.<key>, socialHandles.<network> or a derived field (lastPurchaseAt, "
                + "purchaseCount, totalSpent, rfmSegment)")])
        #expect(errors(single("customFields.", "eq", #""x""#))
            == [.invalidValue("filter.all[0].field", "needs a key of 1 to 200 characters after the dot")])
        #expect(errors(single("email", "equals", #""x""#)) == [.invalidValue(
            "filter.all[0].op", "must be one of eq, ne, in, nin, contains, prefix, exists, gt, gte, lt, lte, before, after")])
        // The operator is checked against the field before the value, which then is not read.
        #expect(errors(single("lifecycleStage", "gt", #""lead""#)) == [.invalidValue(
            "filter.all[0].op", #""gt" does not apply to lifecycleStage, an enumeration field; use one of eq, ne, in, nin, exists"#)])
    }

    @Test func singleValuesMustFitTheFieldKind() {
        let path = "filter.all[0].value"
        #expect(errors(single("company", "eq", "5")) == [.invalidType(path, expected: "a string")])
        #expect(errors(single("leadScore", "ne", #""5""#)) == [.invalidType(path, expected: "a number")])
        #expect(errors(single("consent.email", "eq", #""true""#)) == [.invalidType(path, expected: "true or false")])
        #expect(errors(single("tags", "exists", "1")) == [.invalidType(path, expected: "true or false")])
        let stages = "one of subscriber, lead, mql, sql, opportunity, customer, evangelist, churned"
        #expect(errors(single("lifecycleStage", "eq", "5")) == [.invalidType(path, expected: "a string, " + stages)])
        #expect(errors(single("lifecycleStage", "eq", #""vip""#)) == [.invalidValue(path, "must be " + stages)])
        #expect(errors(single("customFields.plan", "eq", "[1]"))
            == [.invalidType(path, expected: "a string, number or boolean")])
        #expect(errors(single("company", "contains", #""""#)) == [.invalidValue(path, "must not be empty")])
        #expect(errors(single("tags", "contains", "7")) == [.invalidType(path, expected: "a string")])
        #expect(errors(single("company", "prefix", "\"\(String(repeating: "x", count: 2001))\""))
            == [.tooLong(path, maximum: 2000)])
    }

    @Test func listsMustBeNonEmptyBoundedAndTyped() {
        let path = "filter.all[0].value"
        #expect(errors(single("tags", "in", #""vip""#))
            == [.invalidType(path, expected: "a non-empty array of at most 1000 values")])
        #expect(errors(single("tags", "nin", "[]")) == [.invalidValue(path, "must have at least one value")])
        let tooMany = "[" + Array(repeating: #""t""#, count: 1001).joined(separator: ",") + "]"
        #expect(errors(single("tags", "in", tooMany)) == [.tooMany(path, maximum: 1000)])
        #expect(errors(single("preferredChannel", "in", #"["email","fax","sms",null]"#)) == [
            .invalidValue(path + "[1]", "must be one of email, phone, sms, chat, social"),
            .invalidType(path + "[3]", expected: "a string, one of email, phone, sms, chat, social"),
        ])
        #expect(errors(single("purchaseCount", "nin", #"[1,"2"]"#)) == [.invalidType(path + "[1]", expected: "a number")])
    }

    @Test func timesMustBeOneOfTheThreeSpellings() {
        let path = "filter.all[0].value"
        #expect(errors(single("createdAt", "before", "5")) == [.invalidType(path, expected: Self.timeShape)])
        #expect(errors(single("createdAt", "after", #""90d""#)) == [.invalidValue(path, "must be " + Self.timeShape)])
        #expect(errors(single("updatedAt", "gte", #""2026-02-30""#)) == [.invalidValue(path, "must be " + Self.timeShape)])
        #expect(errors(single("lastPurchaseAt", "lt", "1700000000000")) == [.invalidType(path, expected: Self.timeShape)])
        #expect(errors(single("customFields.renewal", "gt", "true"))
            == [.invalidType(path, expected: "a number or " + Self.timeShape)])
        #expect(errors(single("customFields.renewal", "gt", #""soon""#))
            == [.invalidValue(path, "must be a number or " + Self.timeShape)])
        #expect(errors(single("customFields.renewal", "after", "5")) == [.invalidType(path, expected: Self.timeShape)])
    }

    @Test func nestingDeeperThanEightLevelsIsRefusedAtTheTooDeepGroup() {
        var nested = #"{"all":[{"field":"tags","op":"exists","value":true}]}"#
        for _ in 1..<9 { nested = #"{"any":["# + nested + "]}" }
        #expect(errors(nested) == [FieldError(
            field: "filter" + String(repeating: ".any[0]", count: 8), code: "too_deep",
            message: "is nested 9 groups deep; at most 8 levels are allowed")])
    }

    @Test func moreThanTwoHundredConditionsAreRefused() {
        let group = { (count: Int) in
            "{\"any\":[" + Array(repeating: #"{"field":"tags","op":"exists","value":true}"#, count: count).joined(separator: ",") + "]}"
        }
        #expect(errors(#"{"all":["# + group(150) + "," + group(51) + "]}") == [FieldError(
            field: "filter", code: "too_many", message: "has 201 conditions; at most 200 are allowed")])
    }

    @Test func textThatIsNotJSONIsNamedAtThePath() throws {
        let found = errors(#"{"all":[}"#)
        #expect(found.count == 1)
        #expect(found.first?.field == "filter")
        #expect(found.first?.code == "invalid_json")
        #expect(found.first?.message.hasPrefix("must be JSON: ") == true)
        #expect(found.first?.message.contains("line 1, column 9") == true)
    }

    @Test func everyProblemIsReportedAtOnceWithItsPath() {
        let found = errors(#"""
            {"all":[{"any":[{"field":"email","op":"exists","value":true},{"field":"leadScore","op":"gt","value":"high"}]},
                    {"field":"tags","op":"contains","value":"vip"},
                    {"field":"lifecycleStage","op":"after","value":"-1d"},
                    {"field":"lifecycleStage","op":"in","value":["lead","mql","sql","opportunity","customer","vip"]}]}
            """#)
        #expect(found.map(\.field) == ["filter.all[0].any[1].value", "filter.all[2].op", "filter.all[3].value[5]"])
        #expect(found.map(\.code) == ["invalid_type", "invalid_value", "invalid_value"])
    }

    @Test func pathsStartWhereTheCallerSays() {
        #expect(errors(single("email", "gt", "1"), path: "").map(\.field) == ["all[0].op"])
        #expect(errors(single("email", "gt", "1"), path: "segment.filter").map(\.field) == ["segment.filter.all[0].op"])
    }

    @Test func errorsAreThrownAsFieldErrorsForThe422Answer() {
        #expect(throws: FieldErrors([.invalidType("filter", expected: "an object, " + Self.groupShape)])) {
            try SegmentFilter(json: .string("x"))
        }
    }
}

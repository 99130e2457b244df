import CRMModel
import Testing

@Suite struct ObjectReaderTests {
    enum Stage: String, CaseIterable {
        case lead, customer
    }

    private func reader(_ json: String) throws -> ObjectReader {
        ObjectReader(try JSONParser().parse(json).objectValue ?? [:])
    }

    private func errors(_ reader: inout ObjectReader) -> [FieldError] {
        do {
            try reader.finish()
            return []
        } catch {
            return error.errors
        }
    }

    @Test func readsValidMembersWithoutErrors() throws {
        var body = try reader(#"""
            {"name":"Anna","age":41,"score":0.5,"vip":true,"stage":"customer","tags":["a","b"],
             "createdAt":"2026-11-22T11:38:39.123Z","birthday":"1985-04-12","ownerId":"ag_01ARYZ6S410000000000000000"}
            """#)
        #expect(body.string("name", maxLength: 10, required: true) == "Anna")
        #expect(body.int("age", in: 0...150) == 41)
        #expect(body.double("score") == 0.5)
        #expect(body.bool("vip") == true)
        #expect(body.enumValue("stage", as: Stage.self) == .customer)
        #expect(body.stringArray("tags", maxCount: 5) == ["a", "b"])
        #expect(body.timestamp("createdAt")?.rfc3339 == "2026-11-22T11:38:39.123Z")
        #expect(body.date("birthday")?.description == "1985-04-12")
        #expect(body.id("ownerId", as: AgentID.self)?.description == "ag_01ARYZ6S410000000000000000")
        #expect(errors(&body).isEmpty)
    }

    @Test func absentAndNullOptionalsAreNilWithoutErrors() throws {
        var body = try reader(#"{"phone":null}"#)
        #expect(body.string("phone") == nil)
        #expect(body.string("email") == nil)
        #expect(body.stringArray("tags") == nil)
        #expect(errors(&body).isEmpty)
    }

    @Test func collectsEveryProblemAtOnce() throws {
        var body = try reader(#"""
            {"id":"ct_x","name":"","email":42,"age":1.5,"stage":"vip","tags":["ok",7,"toolong"],"extra":1,
             "createdAt":"yesterday","count":1000,"flag":"yes","score":"high","ownerId":"ct_01ARYZ6S410000000000000000"}
            """#)
        body.rejectReadOnly(["id", "createdAt", "version"])
        _ = body.string("name", maxLength: 0, required: true)
        _ = body.string("email")
        _ = body.int("age")
        _ = body.enumValue("stage", as: Stage.self)
        _ = body.stringArray("tags", maxLength: 4)
        _ = body.string("phone", required: true)
        _ = body.int("count", in: 1...500)
        _ = body.bool("flag")
        _ = body.double("score")
        _ = body.id("ownerId", as: AgentID.self)
        let found = errors(&body)
        #expect(found.map(\.field) == [
            "id", "createdAt", "email", "age", "stage", "tags[1]", "tags[2]", "phone", "count", "flag", "score", "ownerId", "extra",
        ])
        #expect(found.map(\.code) == [
            "read_only", "read_only", "invalid_type", "invalid_type", "invalid_value", "invalid_type", "too_long",
            "required", "invalid_value", "invalid_type", "invalid_type", "invalid_value", "unknown_field",
        ])
        #expect(found[4].message == "must be one of lead, customer")
        #expect(found[8].message == "must be between 1 and 500")
    }

    @Test func countsCharactersNotBytes() throws {
        var body = try reader(#"{"name":"héllo wörld","emoji":"👩‍👩‍👧‍👦👍"}"#)
        #expect(body.string("name", maxLength: 11) == "héllo wörld")
        #expect(body.string("emoji", maxLength: 2) != nil)
        #expect(errors(&body).isEmpty)
        var long = try reader(#"{"name":"héllo wörld"}"#)
        #expect(long.string("name", maxLength: 10) == nil)
        #expect(errors(&long).map(\.code) == ["too_long"])
    }

    @Test func limitsArrayLength() throws {
        var body = try reader(#"{"tags":["a","b","c"]}"#)
        #expect(body.stringArray("tags", maxCount: 2) == nil)
        #expect(errors(&body) == [.tooMany("tags", maximum: 2)])
    }

    @Test func nestedObjectsReportFullPathsAndUnknownFields() throws {
        struct Address { var city: String?; var zip: String? }
        var body = try reader(#"{"address":{"city":"Lisboa","zip":12,"planet":"Earth"},"consent":{"email":true}}"#)
        let address = body.object("address") { Address(city: $0.string("city"), zip: $0.string("zip")) }
        let consent = body.object("consent") { $0.bool("email") }
        #expect(address == nil)
        #expect(consent == true)
        #expect(errors(&body) == [.invalidType("address.zip", expected: "a string"), .unknownField("address.planet")])
    }

    @Test func objectArraysReportIndexedPaths() throws {
        struct Item { var sku: String?; var quantity: Int? }
        var body = try reader(#"{"items":[{"sku":"A","quantity":1},{"sku":"B"},5,{"sku":"C","quantity":-1,"x":0}]}"#)
        let items = body.objectArray("items", maxCount: 10) { item in
            Item(sku: item.string("sku", required: true), quantity: item.int("quantity", in: 1...99, required: true))
        }
        #expect(items == nil)
        #expect(errors(&body).map(\.field) == ["items[1].quantity", "items[2]", "items[3].quantity", "items[3].x"])

        var good = try reader(#"{"items":[{"sku":"A","quantity":2}]}"#)
        let goodItems = good.objectArray("items") { Item(sku: $0.string("sku"), quantity: $0.int("quantity")) }
        #expect(goodItems?.first?.quantity == 2)
        #expect(errors(&good).isEmpty)
    }

    @Test func wrongContainerTypesAreInvalidType() throws {
        var body = try reader(#"{"address":"Lisboa","tags":"a","items":{}}"#)
        _ = body.object("address") { _ in () }
        _ = body.stringArray("tags")
        _ = body.objectArray("items") { _ in () }
        #expect(errors(&body).map(\.message) == ["must be an object", "must be an array", "must be an array"])
    }

    @Test func pathsStartFromTheGivenPrefix() throws {
        var nested = ObjectReader(["q": 1], path: "filter")
        #expect(nested.fieldPath("q") == "filter.q")
        _ = nested.string("q")
        #expect(nested.errors == [.invalidType("filter.q", expected: "a string")])
    }

    @Test func recordsCustomErrorsAndRawValues() throws {
        var body = try reader(#"{"custom":{"any":[1]},"email":"x"}"#)
        #expect(body.value("custom") == ["any": [1]])
        #expect(body.contains("email"))
        _ = body.string("email")
        body.record(.invalidValue(body.fieldPath("email"), "must be an email address"))
        #expect(errors(&body) == [.invalidValue("email", "must be an email address")])
    }
}

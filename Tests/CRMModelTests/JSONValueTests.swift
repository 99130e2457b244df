import CRMModel
import Testing

@Suite struct JSONValueTests {
    @Test func literalsBuildTheMatchingCases() {
        let value: JSONValue = ["name": "Anna", "age": 41, "score": 0.5, "vip": true, "tags": ["a"], "note": nil]
        #expect(value["name"] == .string("Anna"))
        #expect(value["age"]?.numberValue?.int64 == 41)
        #expect(value["score"]?.numberValue?.double == 0.5)
        #expect(value["vip"]?.boolValue == true)
        #expect(value["tags"]?.arrayValue == ["a"])
        #expect(value["note"]?.isNull == true)
        #expect(value["missing"] == nil)
        #expect(value.objectValue?.keys == ["name", "age", "score", "vip", "tags", "note"])
    }

    @Test func accessorsAnswerNilForOtherKinds() {
        let text: JSONValue = "x"
        #expect(text.boolValue == nil)
        #expect(text.numberValue == nil)
        #expect(text.arrayValue == nil)
        #expect(text.objectValue == nil)
        #expect(text["key"] == nil)
        #expect(!text.isNull)
    }

    @Test func kindNamesAreTheJSONNames() {
        let values: [JSONValue] = [nil, true, 1, "s", [], [:]]
        #expect(values.map(\.kindName) == ["null", "boolean", "number", "string", "array", "object"])
    }

    @Test func descriptionIsCompactJSON() {
        let value: JSONValue = ["a": [1, 2.5, nil], "b": "q\"uote"]
        #expect(value.description == #"{"a":[1,2.5,null],"b":"q\"uote"}"#)
    }

    @Test func objectEqualityIgnoresMemberOrder() {
        let one: JSONValue = ["a": 1, "b": 2]
        let other: JSONValue = ["b": 2, "a": 1]
        #expect(one == other)
        #expect(one != ["a": 1, "b": 3])
        #expect(one != ["a": 1])
    }
}

import CRMModel
import Testing

@Suite struct JSONObjectTests {
    @Test func keepsInsertionOrderAndReplacesInPlace() {
        var object: JSONObject = ["b": 1, "a": 2]
        object["c"] = 3
        object["b"] = 10
        #expect(object.keys == ["b", "a", "c"])
        #expect(object["b"] == 10)
        #expect(object.count == 3)
    }

    @Test func settingNilRemoves() {
        var object: JSONObject = ["a": 1, "b": 2]
        object["a"] = nil
        #expect(object.keys == ["b"])
        let removed = object.removeValue(forKey: "b")
        let removedAgain = object.removeValue(forKey: "b")
        #expect(removed == 2)
        #expect(removedAgain == nil)
        #expect(object.isEmpty)
    }

    @Test func insertNewRefusesPresentKeys() {
        var object = JSONObject()
        let first = object.insertNew("a", 1)
        let second = object.insertNew("a", 2)
        #expect(first)
        #expect(!second)
        #expect(object["a"] == 1)
    }

    @Test func largeObjectsLookUpAndRemoveCorrectly() {
        var object = JSONObject()
        for number in 0..<100 { object["k\(number)"] = .number(JSONNumber(number)) }
        #expect(object["k57"] == 57)
        let inserted = object.insertNew("k99", nil)
        #expect(!inserted)
        object["k10"] = nil
        #expect(object["k10"] == nil)
        #expect(object["k11"] == 11)
        #expect(object["k99"] == 99)
        #expect(object.count == 99)
        #expect(object.keys.first == "k0")
        #expect(object.keys.last == "k99")
    }

    @Test func removingFromALargeObjectKeepsEveryLookupRightDownToASmallOne() {
        var object = JSONObject()
        for number in 0..<60 { object["k\(number)"] = .number(JSONNumber(number)) }
        var present = Set(0..<60)
        for number in [0, 59, 30, 1, 58, 31] + Array(2..<40) {
            object["k\(number)"] = nil
            present.remove(number)
            for check in 0..<60 {
                #expect(object["k\(check)"] == (present.contains(check) ? .number(JSONNumber(check)) : nil), "after removing k\(number)")
            }
        }
        #expect(object.keys == present.sorted().map { "k\($0)" })
    }

    @Test func initFromPairsKeepsLastValueOfRepeatedKey() {
        let object = JSONObject([("a", 1), ("b", 2), ("a", 3)])
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == 3)
    }

    @Test func iteratesInOrder() {
        let object: JSONObject = ["x": 1, "y": 2]
        #expect(object.map(\.key) == ["x", "y"])
        #expect(object.map(\.value) == [1, 2])
    }
}

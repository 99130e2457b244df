import CRMModel
import Foundation
import Testing

@Suite struct JSONWriterTests {
    private func text(_ write: (inout JSONWriter) -> Void) -> String {
        var writer = JSONWriter()
        write(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test func insertsCommasBetweenSiblingsOnly() {
        let json = text { writer in
            writer.beginObject()
            writer.key("a")
            writer.beginArray()
            writer.int(1)
            writer.beginObject()
            writer.endObject()
            writer.beginArray()
            writer.endArray()
            writer.string("x")
            writer.endArray()
            writer.key("b")
            writer.null()
            writer.endObject()
        }
        #expect(json == #"{"a":[1,{},[],"x"],"b":null}"#)
    }

    @Test func escapesQuotesBackslashesAndControlCharacters() {
        let json = text { $0.string("q\"b\\n\n r\r t\t b\u{08} f\u{0C} \u{01}\u{1F}\u{7F} /é😀") }
        #expect(json == #""q\"b\\n\n r\r t\t b\b f\f \u0001\u001f"# + "\u{7F} /é😀\"")
    }

    @Test func escapesKeysToo() {
        #expect(text { $0.beginObject(); $0.key("a\"b"); $0.int(1); $0.endObject() } == #"{"a\"b":1}"#)
    }

    @Test func writesIntegersExactly() {
        let json = text { writer in
            writer.beginArray()
            for value: Int64 in [0, 7, -7, 10, 1_000_000, .max, .min] { writer.int(value) }
            writer.endArray()
        }
        #expect(json == "[0,7,-7,10,1000000,9223372036854775807,-9223372036854775808]")
    }

    @Test func writesShortestRoundTripDoubles() throws {
        let json = text { writer in
            writer.beginArray()
            for value in [0.1, 1.0, -0.0, 1e-7, 1e21, 123.456, .nan, .infinity] { writer.double(value) }
            writer.endArray()
        }
        #expect(json == "[0.1,1.0,-0.0,1e-07,1e+21,123.456,null,null]")
        #expect(try JSONParser().parse(json).arrayValue?.count == 8)
    }

    @Test func fieldsWriteNullForNilAndSkipNothing() {
        let json = text { writer in
            writer.beginObject()
            writer.field("name", "Anna")
            writer.field("phone", nil as String?)
            writer.field("age", 41)
            writer.field("score", Optional<Int>.none)
            writer.field("ratio", 0.25)
            writer.field("vip", true)
            writer.field("tags", ["a", "b"])
            writer.field("extra", ["k": [1]] as JSONValue)
            writer.field("lines", [1, 2], each: { $0.int($1) })
            writer.objectField("consent") { $0.field("email", false) }
            writer.endObject()
        }
        #expect(json == #"{"name":"Anna","phone":null,"age":41,"score":null,"ratio":0.25,"vip":true,"tags":["a","b"],"#
            + #""extra":{"k":[1]},"lines":[1,2],"consent":{"email":false}}"#)
    }

    @Test func writesJSONValuesInMemberOrder() throws {
        let value: JSONValue = ["z": [true, nil, "s"], "a": ["n": .number(JSONNumber(literal: "1.50")!)]]
        let json = text { $0.value(value) }
        #expect(json == #"{"z":[true,null,"s"],"a":{"n":1.50}}"#)
        #expect(try JSONParser().parse(json) == value)
    }

    @Test func rawValuesAreSpliced() {
        #expect(text { $0.beginArray(); $0.int(1); $0.rawValue(Array(#"{"x":2}"#.utf8)); $0.endArray() } == #"[1,{"x":2}]"#)
    }

    private struct SampleContact: Encodable {
        var id = "ct_01JD8X4N2Q3R4S5T6V7W8X9Y0Z"
        var email = "anna.lee@example.com"
        var name = "Anna Lee"
        var phone: String? = "+44 20 7946 0958"
        var lifecycleStage = "customer"
        var consent = ["email": true, "sms": false]
        var tags = ["vip", "newsletter"]
        var score = 72.5
        var createdAt = "2026-11-22T11:38:39.123Z"
        var updatedAt = "2026-11-23T08:01:02.004Z"
        var version = 3
    }

    private func write(_ contact: SampleContact, into writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("id", contact.id)
        writer.field("email", contact.email)
        writer.field("name", contact.name)
        writer.field("phone", contact.phone)
        writer.field("lifecycleStage", contact.lifecycleStage)
        writer.objectField("consent") { consent in
            consent.field("email", contact.consent["email"] ?? false)
            consent.field("sms", contact.consent["sms"] ?? false)
        }
        writer.field("tags", contact.tags)
        writer.field("score", contact.score)
        writer.field("createdAt", contact.createdAt)
        writer.field("updatedAt", contact.updatedAt)
        writer.field("version", contact.version)
        writer.endObject()
    }

    @Test func printsSpeedBesideJSONEncoder() throws {
        let contact = SampleContact()
        let rounds = 2_000
        let clock = ContinuousClock()
        var size = 0
        let ours = clock.measure {
            for _ in 0..<rounds {
                var writer = JSONWriter(reservingCapacity: 512)
                write(contact, into: &writer)
                size &+= writer.bytes.count
            }
        }
        let theirs = clock.measure {
            for _ in 0..<rounds {
                let encoder = JSONEncoder()  // one per response, as a handler would
                size &+= (try? encoder.encode(contact))?.count ?? 0
            }
        }
        var writer = JSONWriter()
        write(contact, into: &writer)
        #expect(try JSONParser().parse(writer.bytes)["score"]?.numberValue?.double == 72.5)
        let perCall = { (duration: Duration) in duration.seconds * 1e6 / Double(rounds) }
        print(String(format: "JSONWriter: %.2f µs per %d-byte contact, JSONEncoder: %.2f µs (%.1f× slower)",
                     perCall(ours), writer.bytes.count, perCall(theirs), theirs.seconds / ours.seconds))
        #expect(size > 0)
    }
}

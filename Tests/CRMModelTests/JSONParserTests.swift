import CRMModel
import Foundation
import Testing

@Suite struct JSONParserTests {
    let parser = JSONParser()

    private func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parser.parse(Array(text.utf8))
    }

    private func rejection(_ bytes: [UInt8]) -> JSONSyntaxError? {
        do {
            _ = try parser.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    private func rejection(_ text: String) -> JSONSyntaxError? {
        rejection(Array(text.utf8))
    }

    @Test func parsesEveryKindOfValue() throws {
        let value = try parse(#" { "a" : [1, -2.5e3, true, false, null, "x"], "b": {}, "c": [] } "#)
        #expect(value == ["a": [1, .number(JSONNumber(literal: "-2.5e3")!), true, false, nil, "x"], "b": [:], "c": []])
    }

    @Test(arguments: ["0", "-0", "\"\"", "true", "false", "null", "[]", "{}", "1e-7", " \t\r\n7\n"])
    func acceptsTopLevelScalarsAndWhitespace(text: String) {
        #expect(rejection(text) == nil)
    }

    @Test func keepsObjectKeyOrder() throws {
        let value = try parse(#"{"z":1,"a":2,"m":3}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
    }

    @Test func resolvesEscapes() throws {
        let value = try parse(#""a\"b\\c\/d\b\f\n\r\t\u0041\u00e9\u20AC\uD83D\uDE00\u0000""#)
        #expect(value == .string("a\"b\\c/d\u{08}\u{0C}\n\r\tAé€😀\u{0}"))
    }

    @Test func keepsRawUTF8() throws {
        #expect(try parse("\"héllo €𝄞 日本\"") == .string("héllo €𝄞 日本"))
    }

    @Test(arguments: [
        "[1,]", "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "{\"a\":}", "{1:2}", "{'a':1}", "['a']",
        "// c\n1", "/* c */ 1", "1 // c", "01", "-01", "00", "1.", ".5", "+1", "1e", "1e+", "-",
        "NaN", "Infinity", "-Infinity", "nul", "tru", "True", "NULL", "1 2", "{} x", "[] []",
        "\"abc", "[1", "{\"a\":1", "", "   ", "\"\\x\"", "\"\\u12G4\"", "\"\\u12\"", "0x10",
        "\"\\uD800\"", "\"\\uDC00\"", "\"\\uD800\\u0041\"", "\"\\uD800x\"", "\"\\uDBFF\\uDBFF\"",
        "{\"a\":1,\"a\":2}", "[1,,2]", "[,1]", "{,}",
    ])
    func rejectsWhatRFC8259Forbids(text: String) {
        #expect(rejection(text) != nil, "accepted \(text.debugDescription)")
    }

    @Test(arguments: [
        [0x22, 0x0A, 0x22], [0x22, 0x01, 0x22], [0x22, 0x1F, 0x22],  // raw control characters
        [0x22, 0xFF, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xE0, 0x80, 0xAF, 0x22],  // bad byte, overlongs
        [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // surrogate, > U+10FFFF
        [0x22, 0xC3, 0x22], [0x22, 0xE2, 0x82, 0x22], [0x22, 0x80, 0x22], [0x22, 0xC3],  // truncated, stray
        [0xEF, 0xBB, 0xBF, 0x31],  // byte-order mark
        [0x31, 0x00],  // trailing NUL
    ] as [[UInt8]])
    func rejectsBadBytes(bytes: [UInt8]) {
        #expect(rejection(bytes) != nil, "accepted \(bytes)")
    }

    @Test func namesTheTrailingCommaPosition() {
        let error = rejection(#"{"name": "Anna",}"#)
        #expect(error?.message == "unexpected character '}' at line 1, column 17")
        #expect(error?.offset == 16)
    }

    @Test func countsLinesAndCharacterColumns() {
        let error = rejection("{\n  \"é\": 1,\n  \"b\": tru\n}")
        #expect(error?.line == 3)
        #expect(error?.column == 11)
        #expect(error?.reason == "unexpected control character U+000A")
    }

    @Test func explainsCommonMistakes() {
        #expect(rejection("{\"a\":1,\"a\":2}")?.reason == "duplicate key \"a\" in object")
        #expect(rejection("{\"a\":1,\"a\":2}")?.column == 8)
        #expect(rejection("012")?.reason == "leading zeros are not allowed in numbers")
        #expect(rejection("-x")?.reason == "expected a digit in number, found character 'x'")
        #expect(rejection("\"\\uD83D\"")?.reason == "lone surrogate \\uD83D in string")
        #expect(rejection("\"a\nb\"")?.reason == "control character U+000A in string (escape it)")
        #expect(rejection("1 x")?.reason == "unexpected character 'x' after the JSON value")
        #expect(rejection("")?.reason == "unexpected end of input")
        #expect(rejection("['a']")?.reason == "unexpected character \"'\"")
        #expect(rejection([0x22, 0xFF, 0x22])?.reason == "invalid UTF-8 (byte 0xFF)")
    }

    @Test func rejectsDuplicateKeysInLargeObjects() {
        let members = (0..<50).map { "\"k\($0)\": \($0)" } + ["\"k7\": 0"]
        #expect(rejection("{" + members.joined(separator: ",") + "}")?.reason == "duplicate key \"k7\" in object")
    }

    @Test func allowsEqualKeysInDifferentObjects() throws {
        let value = try parse(#"{"a":{"a":1},"b":[{"a":2},{"a":3}]}"#)
        #expect(value["b"]?.arrayValue?.count == 2)
    }

    @Test func limitsNesting() {
        let deepest = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        let tooDeep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(rejection(deepest) == nil)
        #expect(rejection(tooDeep)?.reason == "nesting deeper than 64 arrays and objects")
        #expect(rejection(String(repeating: "{\"a\":", count: 65) + "1" + String(repeating: "}", count: 65)) != nil)
        let shallow = JSONParser(maximumDepth: 2)
        #expect(throws: JSONSyntaxError.self) { try shallow.parse("[[[]]]") }
        #expect((try? shallow.parse("[[1]]")) != nil)
    }

    @Test func parsesFromStringsSlicesAndOtherCollections() throws {
        let expected: JSONValue = ["a": [1, "é"]]
        let text = #"{"a":[1,"é"]}"#
        #expect(try parser.parse(text) == expected)
        let padded = Array("xx\(text)yy".utf8)
        #expect(try parser.parse(padded[2..<(padded.count - 2)]) == expected)
        #expect(try parser.parse(text.utf8.lazy.map { $0 }) == expected)
    }

    @Test func printsSpeedBesideJSONSerialization() throws {
        let document = Array(Self.sampleDocument(contacts: 200).utf8)
        let rounds = 20
        let clock = ContinuousClock()
        var checksum = 0
        let ours = clock.measure {
            for _ in 0..<rounds { checksum &+= (try? parser.parse(document))?.arrayValue?.count ?? 0 }
        }
        let foundationData = Foundation.Data(document)
        let theirs = clock.measure {
            for _ in 0..<rounds {
                let object = try? JSONSerialization.jsonObject(with: foundationData)
                checksum &+= (object as? [Any])?.count ?? 0
            }
        }
        #expect(checksum == 2 * rounds * 200)
        let megabytes = Double(document.count * rounds) / 1_000_000
        print(String(format: "JSONParser: %.1f MB/s, JSONSerialization: %.1f MB/s (%d-byte document)",
                     megabytes / ours.seconds, megabytes / theirs.seconds, document.count))
    }

    /// An array of `contacts` contact-like objects, about 300 bytes each.
    static func sampleDocument(contacts: Int) -> String {
        let items = (0..<contacts).map { number in
            #"{"id":"ct_01JD8X4N2Q3R4S5T6V7W8X9Y\#(number % 10)Z","email":"anna.lee\#(number)@example.com","#
                + #""name":"Anna Lee","phone":"+44 20 7946 0\#(number % 1000)","lifecycleStage":"customer","#
                + #""consent":{"email":true,"sms":false},"tags":["vip","newsletter","beta"],"score":\#(number).5,"#
                + #""createdAt":"2026-11-22T11:38:39.123Z","version":\#(number + 1),"note":"caf\u00e9 \"quoted\""}"#
        }
        return "[" + items.joined(separator: ",") + "]"
    }
}

extension Duration {
    /// This duration in seconds, for printing rates.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

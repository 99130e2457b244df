@testable import CRMStore
import Testing

/// The log line format: header fields that need escaping (quotes, backslashes, control bytes)
/// read back exactly, and data that is not one JSON value on one line is refused before writing.
@Suite struct RecordCodecTests {
    @Test func headerFieldsWithEscapesReadBack() throws {
        let record = Record(seq: 42, timestamp: 1_796_008_341_828, type: "note", id: "odd \"id\" \\ \u{1}",
                            op: .put, actor: "key\twith\ncontrol", requestId: "plain-request", data: Array(#"{"a":"b"}"#.utf8))
        var line: [UInt8] = []
        RecordCodec.encode(record, into: &line)
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(!line.dropLast().contains(UInt8(ascii: "\n")))
        let decoded = try line.dropLast().withUnsafeBufferPointer { try RecordCodec.decode($0) }
        #expect(decoded == record)
    }

    @Test func refusesDataThatIsNotOneJSONValueOnOneLine() {
        #expect(RecordCodec.problem(storing: []) == nil)
        #expect(RecordCodec.problem(storing: Array(#"{"a":[1,{"b":"}"}]}"#.utf8)) == nil)
        #expect(RecordCodec.problem(storing: Array("{\"a\":\n1}".utf8)) == "data holds a raw newline")
        #expect(RecordCodec.problem(storing: Array(#"{"a":1}{"b":2}"#.utf8)) == "data is more than one JSON value")
        #expect(RecordCodec.problem(storing: Array(#"{"a":1"#.utf8)) != nil)
        #expect(RecordCodec.problem(storing: Array("12.5e3".utf8)) == nil)
        #expect(RecordCodec.problem(storing: Array("nope".utf8)) == "data is not a JSON value")
    }
}

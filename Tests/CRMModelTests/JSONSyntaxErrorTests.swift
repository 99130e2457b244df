import CRMModel
import Testing

@Suite struct JSONSyntaxErrorTests {
    private func rejection(_ bytes: [UInt8]) -> JSONSyntaxError? {
        do {
            _ = try JSONParser().parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func messageIsReasonThenPosition() {
        let error = JSONSyntaxError(offset: 16, line: 1, column: 17, reason: "unexpected character '}'")
        #expect(error.message == "unexpected character '}' at line 1, column 17")
        #expect(error.description == error.message)
    }

    @Test func namesBytesReadably() {
        #expect(rejection(Array("[1 x]".utf8))?.reason == "unexpected character 'x'")
        #expect(rejection([0x5B, 0x09, 0x01])?.reason == "unexpected control character U+0001")
        #expect(rejection([0x5B, 0x7F])?.reason == "unexpected control character U+007F")
        #expect(rejection([0x5B, 0xC3, 0xA9])?.reason == "unexpected byte 0xC3")
    }

    @Test func columnsCountCharactersAndLinesRestartThem() {
        // "é" and "😀" are 2 and 4 bytes but one column each.
        let error = rejection(Array("[\"é😀\",\n \"ok\", x]".utf8))
        #expect(error?.line == 2)
        #expect(error?.column == 8)
        let first = rejection(Array("[\"é😀\", x]".utf8))
        #expect(first?.column == 8)
        #expect(first?.offset == 11)
    }

    @Test func pointsIntoTheBadUTF8Sequence() {
        let error = rejection([0x22, 0x61, 0xE2, 0x82, 0x41, 0x22])
        #expect(error?.offset == 4)
        #expect(error?.reason == "invalid UTF-8 (character 'A')")
    }
}

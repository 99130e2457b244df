import Testing
import CRMTestSupport
@testable import CRMHTTP

@Suite struct ChunkedDecoderTests {
    func decode(_ text: String, step: Int) throws(ChunkedDecoder.Malformed) -> (body: String, used: Int, complete: Bool) {
        let bytes = Array(text.utf8)
        var decoder = ChunkedDecoder()
        var body: [UInt8] = []
        var offset = 0
        while offset < bytes.count && !decoder.isComplete {
            let end = min(bytes.count, offset + step)
            let used = try bytes[offset..<end].withUnsafeBufferPointer { buffer throws(ChunkedDecoder.Malformed) in
                try decoder.decode(buffer, into: &body)
            }
            offset += used
            if used < end - offset + used && !decoder.isComplete { break }
        }
        return (String(decoding: body, as: UTF8.self), offset, decoder.isComplete)
    }

    @Test func decodesAtEverySplit() throws {
        let message = "5;name=value\r\nhello\r\n7\r\n, world\r\n0\r\nTrailer: yes\r\n\r\nGET /next"
        for step in 1...message.utf8.count {
            let result = try decode(message, step: step)
            #expect(result.body == "hello, world", "step \(step)")
            #expect(result.complete)
            #expect(result.used == message.utf8.count - "GET /next".utf8.count, "stops before the next request")
        }
    }

    @Test func allowsWhitespaceOnlyBeforeAnExtension() throws {
        #expect(try decode("5 ;ext\r\nhello\r\n0\r\n\r\n", step: 100).body == "hello")
        #expect(throws: ChunkedDecoder.Malformed.self) { try decode("5 \r\nhello\r\n0\r\n\r\n", step: 100) }
    }

    @Test(arguments: ["x\r\n", "5\nhello\r\n0\r\n\r\n", "5\r\nhelloXX0\r\n\r\n", "ffffffffffffffffff\r\n", "0\r\nTrailer: a\n\r\n"])
    func rejectsMalformedFraming(text: String) {
        #expect(throws: ChunkedDecoder.Malformed.self) { try decode(text, step: 3) }
    }
}

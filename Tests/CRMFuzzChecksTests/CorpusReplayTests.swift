import Foundation
import Testing
@testable import CRMFuzzChecks

/// The parser regression corpus: every seed in `fuzz/corpus/*` and every input the fuzzer ever
/// crashed on (`fuzz/regressions/*`) goes through the same checks the libFuzzer targets run.
@Suite struct CorpusReplayTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func inputs(_ target: String) -> [String] {
        let directories = ["fuzz/corpus/\(target)", "fuzz/regressions/\(target)"].map { root.appendingPathComponent($0).path }
        return FuzzEntry.files(under: directories).map { String($0.path.dropFirst(root.path.count + 1)) }
    }

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent(relativePath)))
    }

    @Test func corporaAreThere() {
        #expect(Self.inputs("http").count >= 10)
        #expect(Self.inputs("json").count >= 10)
    }

    @Test(arguments: inputs("http"))
    func httpInputKeepsTheInvariants(_ path: String) throws {
        let input = try Self.bytes(path)
        #expect(throws: Never.self) { try HTTPFuzzCheck.check(input) }
    }

    @Test(arguments: inputs("json"))
    func jsonInputKeepsTheInvariants(_ path: String) throws {
        let input = try Self.bytes(path)
        #expect(throws: Never.self) { try JSONFuzzCheck.check(input) }
    }

    /// The driver itself: two pipelined requests, then a smuggling attempt rejected with 400.
    @Test func driverSeesPipelinedRequestsAndRejections() throws {
        let stream = Array("GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi".utf8)
            + Array("POST /c HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".utf8)
        let transcript = try HTTPFuzzCheck.transcript(of: [stream[...]])
        #expect(transcript.events.count == 3)
        guard transcript.events.count == 3, case .request(let second) = transcript.events[1],
              case .rejected(let status, _) = transcript.events[2] else { return }
        #expect(second.body == Array("hi".utf8))
        #expect(status == 400)
        #expect(transcript.isClosed)
    }

    /// A streamed (`/upload`) chunked body arrives whole however it is split.
    @Test func driverStreamsChunkedUploads() throws {
        let stream = Array("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n".utf8)
        let transcript = try HTTPFuzzCheck.transcript(of: stream.indices.map { stream[$0...$0] })
        guard case .request(let request)? = transcript.events.first else {
            Issue.record("no request in \(transcript)")
            return
        }
        #expect(request.streamed)
        #expect(request.body == Array("Wikipedia".utf8))
    }
}

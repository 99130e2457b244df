import Testing
import CRMTestSupport
@testable import CRMHTTP

@Suite struct RequestHeadParserTests {
    let limits = RequestLimits()

    /// Feeds `bytes` growing one byte at a time, resuming the scan like a connection does.
    func parseIncrementally(_ bytes: [UInt8], step: Int = 1) -> RequestHeadParser.Outcome {
        var scanFrom = 0
        var end = 0
        while true {
            end = min(bytes.count, end + step)
            let outcome = bytes[0..<end].withUnsafeBufferPointer { RequestHeadParser.parse($0, scanFrom: scanFrom, limits: limits) }
            switch outcome {
            case .incomplete(let next):
                if end == bytes.count { return outcome }
                scanFrom = next
            default:
                return outcome
            }
        }
    }

    func parseAtOnce(_ text: String) -> RequestHeadParser.Outcome {
        Array(text.utf8).withUnsafeBufferPointer { RequestHeadParser.parse($0, limits: limits) }
    }

    func describe(_ outcome: RequestHeadParser.Outcome) -> String {
        switch outcome {
        case .incomplete: return "incomplete"
        case .rejected(let rejection): return "rejected \(rejection.status.code)"
        case .complete(let head, let length):
            return "\(head.method) \(head.target) 1.\(head.minorVersion) \(head.fields.map { "\($0.name)=\($0.value)" }) \(length)"
        }
    }

    static let samples = [
        "GET /v1/contacts?limit=5 HTTP/1.1\r\nHost: example\r\nAccept: */*\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nX-Empty:\r\n\r\nabc",
        "\r\nGET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nBad Header: x\r\n\r\n",
        "GET / HTTP/1.1\nHost: a\r\n\r\n",
        "GET / HTTP/2.0\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n",
    ]

    @Test(arguments: samples)
    func everySplitPointGivesTheSameResult(sample: String) {
        let bytes = Array(sample.utf8)
        let whole = describe(parseAtOnce(sample))
        #expect(describe(parseIncrementally(bytes)) == whole)
        for split in 1..<bytes.count {
            #expect(describe(parseIncrementally(bytes, step: split)) == whole, "split \(split)")
        }
    }

    @Test func parsesACompleteHead() throws {
        guard case .complete(let head, let length) = parseAtOnce(Self.samples[0]) else {
            Issue.record("not complete")
            return
        }
        #expect(head.method == "GET")
        #expect(head.path == "/v1/contacts")
        #expect(head.query == "limit=5")
        #expect(head.fields["host"] == "example")
        #expect(length == Self.samples[0].utf8.count)
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\nHost: a\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
        ("GET / HTTP/1.1x\r\n\r\n", 400),
        ("GET /a b HTTP/1.1\r\n\r\n", 400),
        ("G(T / HTTP/1.1\r\n\r\n", 400),
        ("GET nopath HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nX: a\u{01}b\r\n\r\n", 400),
    ])
    func rejectsStrictly(sample: String, status: Int) {
        #expect(describe(parseAtOnce(sample)) == "rejected \(status)")
    }

    @Test func servesHigherMinorVersionsAsOneOne() {
        #expect(describe(parseAtOnce("GET / HTTP/1.7\r\nHost: a\r\n\r\n")).hasPrefix("GET / 1.1"))
    }

    @Test func limitsTheRequestLineAndHeaderBlock() {
        let longTarget = "GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\n\r\n"
        #expect(describe(parseAtOnce(longTarget)) == "rejected 414")
        let unterminated = "GET /" + String(repeating: "a", count: 9000)
        #expect(describe(parseAtOnce(unterminated)) == "rejected 414")
        let bigHeaders = "GET / HTTP/1.1\r\n" + String(repeating: "X-Filler: " + String(repeating: "b", count: 100) + "\r\n", count: 200) + "\r\n"
        #expect(describe(parseAtOnce(bigHeaders)) == "rejected 431")
    }
}

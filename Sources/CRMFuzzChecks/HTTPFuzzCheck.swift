import CRMHTTP

/// The invariants of request parsing, checked on arbitrary bytes taken as what a client sent on one
/// connection. Small limits make the 413/414/431 paths reachable with short inputs.
///
/// - The server's `ConnectionState` (driven as `Connection` drives it) never traps, never loops, and
///   answers every rejected input with a 4xx/5xx status.
/// - Every dispatched request is well-formed: a token method, a target without spaces or controls,
///   HTTP/1.0 or 1.1, one Host in 1.1, clean field names and values, and a body exactly as long as
///   its `Content-Length` (or the chunks) say, within the collect limit.
/// - The transcript is the same whether the bytes arrive at once, byte by byte, or split at points
///   around head ends.
/// - A dispatched request written back out parses to the same request (bytes that are not UTF-8 in
///   the target or a value are already U+FFFD in the parsed head).
/// - `ChunkedDecoder` alone gives the same result however its input is split.
public enum HTTPFuzzCheck {
    /// The body cap of collected (non-`/upload`) requests.
    static let collectLimit = 256

    /// The limits the check runs with (smaller than the server's defaults).
    public static var limits: RequestLimits {
        var limits = RequestLimits()
        limits.maxRequestLineBytes = 256
        limits.maxHeaderBytes = 512
        limits.maxHeaderCount = 8
        return limits
    }

    /// Checks one input; throws the first broken invariant.
    public static func check(_ bytes: [UInt8]) throws(FuzzFinding) {
        try checkChunkedDecoder(bytes)
        #if DEBUG || CRM_FUZZING
        try checkConnection(bytes)
        #else
        try checkHeadParser(bytes)
        #endif
    }

    #if DEBUG || CRM_FUZZING
    static func transcript(of feeds: [ArraySlice<UInt8>], limits: RequestLimits = limits) throws(FuzzFinding) -> HTTPTranscript {
        var driver = ConnectionDriver(limits: limits, totalBytes: feeds.reduce(0) { $0 + $1.count })
        for feed in feeds { try driver.feed(feed) }
        driver.finish()
        return driver.transcript
    }

    static func checkConnection(_ bytes: [UInt8]) throws(FuzzFinding) {
        let whole = try transcript(of: [bytes[...]])
        for event in whole.events {
            switch event {
            case .request(let request): try checkDispatched(request)
            case .rejected(let status, let reason):
                try require((400...599).contains(status), "rejection with status \(status) (\(reason))")
                try require(!reason.isEmpty, "rejection \(status) without a reason")
            case .bodyFailed(let reason):
                try require(!reason.isEmpty, "bodyFailed without a reason")
            }
        }
        for cut in splitPoints(of: bytes) {
            let split = try transcript(of: [bytes[..<cut], bytes[cut...]])
            try require(split == whole, "split at \(cut) gives \(split), at once gives \(whole) for \(escaped(bytes))")
        }
        if bytes.count <= 4096 {
            let single = try transcript(of: bytes.indices.map { bytes[$0...$0] })
            try require(single == whole, "byte by byte gives \(single), at once gives \(whole) for \(escaped(bytes))")
        }
        for case .request(let request) in whole.events {
            // The server's own limits: invalid UTF-8 in a value comes back as U+FFFD, 3 bytes each.
            let again = try transcript(of: [request.serialized[...]], limits: RequestLimits())
            guard case .request(let reparsed)? = again.events.first else {
                throw FuzzFinding("request \(request) written back as \(escaped(request.serialized)) gives \(again)")
            }
            try require(reparsed == request, "request \(request) written back parses as \(reparsed)")
        }
    }
    #endif

    /// Where to split the input into two reads: the middle, and around every head end (`\r\n\r\n`).
    static func splitPoints(of bytes: [UInt8]) -> [Int] {
        guard bytes.count > 1 else { return [] }
        var points: Set<Int> = [bytes.count / 2, 1, bytes.count - 1]
        var index = 0
        var found = 0
        while index + 3 < bytes.count, found < 8 {
            if bytes[index] == 0x0D, bytes[index + 1] == 0x0A, bytes[index + 2] == 0x0D, bytes[index + 3] == 0x0A {
                for point in [index + 1, index + 3, index + 4, index + 5] where point > 0 && point < bytes.count { points.insert(point) }
                found += 1
                index += 4
            } else {
                index += 1
            }
        }
        return points.sorted()
    }

    static func checkDispatched(_ request: HTTPRequestSummary) throws(FuzzFinding) {
        let head = request.head
        try require(!head.method.isEmpty && head.method.utf8.allSatisfy(isTokenByte), "dispatched method \(escaped(head.method.utf8))")
        try require(!head.target.isEmpty && head.target.utf8.allSatisfy { $0 > 0x20 && $0 != 0x7F },
                    "dispatched target \(escaped(head.target.utf8))")
        try require(head.minorVersion == 0 || head.minorVersion == 1, "dispatched HTTP/1.\(head.minorVersion)")
        if head.minorVersion == 1 {
            try require(head.fields.values(of: "Host").count == 1, "HTTP/1.1 request dispatched without exactly one Host")
        }
        for field in request.fields {
            try require(!field.name.isEmpty && field.name.utf8.allSatisfy(isTokenByte), "dispatched field name \(escaped(field.name.utf8))")
            try require(field.value.utf8.allSatisfy { $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }, "control byte in value \(escaped(field.value.utf8))")
            try require(field.value.utf8.first.map { $0 != 0x20 && $0 != 0x09 } ?? true, "value not trimmed: \(escaped(field.value.utf8))")
            try require(field.value.utf8.last.map { $0 != 0x20 && $0 != 0x09 } ?? true, "value not trimmed: \(escaped(field.value.utf8))")
        }
        let framing: BodyFraming
        do {
            framing = try BodyFraming.decide(for: head)
        } catch {
            throw FuzzFinding("dispatched a request whose framing is rejected (\(error.reason)): \(request)")
        }
        switch framing {
        case .none: try require(request.body.isEmpty, "body of \(request.body.count) bytes without framing")
        case .length(let length): try require(request.body.count == length, "Content-Length \(length) but a body of \(request.body.count) bytes")
        case .chunked: break
        }
        if !request.streamed {
            try require(request.body.count <= collectLimit, "collected a body of \(request.body.count) bytes over the limit \(collectLimit)")
        }
    }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}

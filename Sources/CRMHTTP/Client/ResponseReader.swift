/// Reads an HTTP/1.1 response from bytes as they arrive (pure; no I/O): the status line and
/// header fields (interim 1xx answers skipped), then the body framed as RFC 9112 §6.3 says —
/// none for 204/304, chunked, Content-Length, or until the connection closes. Keeps at most
/// `maxBodyBytes` of the body and reports the rest as truncated instead of reading it.
struct ResponseReader {
    static let maxHeadBytes = 16 * 1024
    let maxBodyBytes: Int

    private enum Framing {
        case none
        case length(remaining: Int)
        case chunked(ChunkedDecoder)
        case untilClose
    }

    private var pending: [UInt8] = []
    private var head: (status: Int, reason: String, fields: HTTPFields)?
    private var framing: Framing = .none
    private var body: [UInt8] = []
    private var isTruncated = false
    private(set) var isComplete = false

    init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }

    /// Takes more bytes; afterwards `isComplete` says whether the response is all there.
    mutating func consume(_ bytes: some Collection<UInt8>) throws(ClientFailure) {
        guard !isComplete else { return }
        if head == nil {
            pending.append(contentsOf: bytes)
            try parseHeads()
            guard head != nil else { return }
            let rest = pending
            pending = []
            try consumeBody(rest)
        } else {
            try consumeBody(Array(bytes))
        }
    }

    /// The response once the peer closed the connection.
    mutating func finishAtEndOfStream() throws(ClientFailure) -> ClientResponse {
        guard let head else { throw pending.isEmpty ? .closed : .malformedResponse("the status line and headers were cut off") }
        if !isComplete {
            guard case .untilClose = framing else { throw .closed }
            isComplete = true
        }
        return response(head)
    }

    /// The response when `isComplete`.
    func completed() -> ClientResponse? {
        guard isComplete, let head else { return nil }
        return response(head)
    }

    private func response(_ head: (status: Int, reason: String, fields: HTTPFields)) -> ClientResponse {
        ClientResponse(status: head.status, reason: head.reason, headers: head.fields, body: body, isTruncated: isTruncated)
    }

    private mutating func parseHeads() throws(ClientFailure) {
        while head == nil {
            guard let end = Self.endOfHead(in: pending) else {
                if pending.count > Self.maxHeadBytes { throw .malformedResponse("the header section exceeds 16 KiB") }
                return
            }
            let parsed = try Self.parseHead(pending[..<end])
            pending.removeFirst(end + 4)
            if (100...199).contains(parsed.status) && parsed.status != 101 { continue }
            head = parsed
            framing = try Self.framing(status: parsed.status, fields: parsed.fields)
            if case .none = framing { isComplete = true }
            if case .length(0) = framing { isComplete = true }
        }
    }

    private mutating func consumeBody(_ bytes: [UInt8]) throws(ClientFailure) {
        guard !bytes.isEmpty, !isComplete else { return }
        switch framing {
        case .none:
            isComplete = true
        case .length(let remaining):
            let taken = min(remaining, bytes.count)
            body.append(contentsOf: bytes[..<taken])
            framing = .length(remaining: remaining - taken)
            isComplete = remaining == taken
        case .chunked(var decoder):
            do {
                _ = try bytes.withUnsafeBufferPointer { (input) throws(ChunkedDecoder.Malformed) in try decoder.decode(input, into: &body) }
            } catch {
                throw .malformedResponse("bad chunked body: \(error.reason)")
            }
            framing = .chunked(decoder)
            isComplete = decoder.isComplete
        case .untilClose:
            body.append(contentsOf: bytes)
        }
        if body.count > maxBodyBytes {
            body.removeLast(body.count - maxBodyBytes)
            isTruncated = true
            isComplete = true
        }
    }

    private static func endOfHead(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    static func parseHead(_ bytes: ArraySlice<UInt8>) throws(ClientFailure) -> (status: Int, reason: String, fields: HTTPFields) {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)[...]
        guard let statusLine = lines.popFirst() else { throw .malformedResponse("no status line") }
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == "HTTP/1.1" || parts[0] == "HTTP/1.0", parts[1].count == 3,
              let status = Int(parts[1]), (100...599).contains(status) else {
            throw .malformedResponse("not an HTTP/1.x status line")
        }
        var fields = HTTPFields()
        for line in lines {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
                  !line[..<colon].contains(where: { $0 == " " || $0 == "\t" }) else {
                throw .malformedResponse("a header line without a name")
            }
            fields.append(String(line[..<colon]), String(line[line.index(after: colon)...].trimmingASCIISpaces()))
        }
        return (status, parts.count > 2 ? String(parts[2]) : "", fields)
    }

    private static func framing(status: Int, fields: HTTPFields) throws(ClientFailure) -> Framing {
        if status == 204 || status == 304 { return .none }
        if let codings = fields["Transfer-Encoding"] {
            let last = codings.split(separator: ",").last.map { $0.trimmingASCIISpaces().lowercased() }
            return last == "chunked" ? .chunked(ChunkedDecoder()) : .untilClose
        }
        let lengths = Set(fields.values(of: "Content-Length").flatMap { $0.split(separator: ",").map { $0.trimmingASCIISpaces() } })
        guard let text = lengths.first else { return .untilClose }
        guard lengths.count == 1, let length = Int(text), length >= 0 else { throw .malformedResponse("an invalid Content-Length") }
        return .length(remaining: length)
    }
}

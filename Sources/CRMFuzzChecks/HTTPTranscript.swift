import CRMHTTP

/// What a connection made of a byte stream: the requests it dispatched, how it ended, and what was
/// left buffered. Equal streams must give equal transcripts however the bytes were split into reads
/// (except the `100 Continue` count, which rightly depends on whether the body came with the head,
/// and 413 against 400: the collect limit is checked after decoding what one read brought, so a
/// malformed chunk beyond the limit is 400 when it came in the same read and 413 when it came later).
struct HTTPTranscript: Equatable, CustomStringConvertible {
    enum Event: Equatable {
        case request(HTTPRequestSummary)
        case bodyFailed(String)
        case rejected(status: Int, reason: String)
    }

    var events: [Event] = []
    var isClosed = false
    var unreadAtEnd = 0
    var streamIncomplete = false
    var continues = 0

    /// The events as compared across splits: rejection reasons dropped, 413 counted as 400.
    private var comparableEvents: [Event] {
        events.map { event in
            guard case .rejected(let status, _) = event else { return event }
            return .rejected(status: status == 413 ? 400 : status, reason: "")
        }
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.comparableEvents == rhs.comparableEvents && lhs.isClosed == rhs.isClosed && lhs.unreadAtEnd == rhs.unreadAtEnd
            && lhs.streamIncomplete == rhs.streamIncomplete
    }

    var description: String {
        let lines = events.map { event -> String in
            switch event {
            case .request(let request): "request \(request)"
            case .bodyFailed(let reason): "bodyFailed(\(reason))"
            case .rejected(let status, let reason): "rejected \(status) \(reason)"
            }
        }
        return "[" + lines.joined(separator: "; ") + "] closed=\(isClosed) unread=\(unreadAtEnd) streamOpen=\(streamIncomplete)"
    }
}

/// A dispatched request as plain values.
struct HTTPRequestSummary: Equatable, CustomStringConvertible {
    var head: RequestHead
    var fields: [HTTPFields.Field]
    var body: [UInt8]
    var streamed: Bool

    init(_ head: RequestHead, body: [UInt8], streamed: Bool) {
        self.head = head
        self.fields = Array(head.fields)
        self.body = body
        self.streamed = streamed
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.head.method == rhs.head.method && lhs.head.target == rhs.head.target
            && lhs.head.minorVersion == rhs.head.minorVersion && lhs.fields == rhs.fields
            && lhs.body == rhs.body && lhs.streamed == rhs.streamed
    }

    var description: String {
        "\(head.method) \(head.target) HTTP/1.\(head.minorVersion) \(fields.map { "\($0.name): \($0.value)" }) body=\(body.count)\(streamed ? " streamed" : "")"
    }

    /// The request written back as HTTP/1.1 bytes: the same head, the body framed as the head says.
    var serialized: [UInt8] {
        var bytes = Array("\(head.method) \(head.target) HTTP/1.\(head.minorVersion)\r\n".utf8)
        for field in fields { bytes += Array("\(field.name): \(field.value)\r\n".utf8) }
        bytes += Array("\r\n".utf8)
        if head.fields.contains("Transfer-Encoding") {
            if !body.isEmpty { bytes += Array("\(String(body.count, radix: 16))\r\n".utf8) + body + Array("\r\n".utf8) }
            bytes += Array("0\r\n\r\n".utf8)
        } else {
            bytes += body
        }
        return bytes
    }
}

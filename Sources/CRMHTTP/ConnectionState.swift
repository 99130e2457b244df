/// The request cycle of one connection as a value: bytes go in, the next action comes out. No I/O,
/// so every transition is unit-testable; `Connection` performs what the actions say.
///
/// One request is handled at a time; bytes of pipelined requests wait in `buffer` until the response
/// to the current one is complete, so answers always go out in request order.
struct ConnectionState {
    enum Action: Equatable {
        /// Nothing more to do until more bytes arrive.
        case needMoreBytes
        /// Send `100 Continue`: the client waits for it before the body.
        case sendContinue
        /// Hand a request to the responder; a streamed body follows as `bodyPiece`/`bodyEnd`.
        case dispatch(DispatchedRequest)
        case bodyPiece([UInt8])
        case bodyEnd
        /// The streamed body turned out malformed; the connection closes after the response.
        case bodyFailed(String)
        /// A response is being produced; nothing to read for now.
        case awaitResponse
        /// Answer with this status and close: the next message boundary is unknown.
        case reject(HeadRejection)
    }

    /// The part of a dispatched request the connection needs.
    struct DispatchedRequest: Equatable {
        static func == (lhs: Self, rhs: Self) -> Bool { lhs.head.target == rhs.head.target && lhs.body == rhs.body }
        var head: RequestHead
        /// nil: the body streams in after dispatch.
        var body: [UInt8]?
    }

    private enum Phase {
        case awaitingHead(scanFrom: Int)
        case collectingBody(RequestHead, BodyReader, [UInt8], limit: Int)
        case responding(streamingBody: BodyReader?)
        case closed
    }

    private(set) var buffer: [UInt8] = []
    private var readIndex = 0
    private var phase: Phase = .awaitingHead(scanFrom: 0)
    private var continueOwed = false
    private var bodyEndOwed = false
    let limits: RequestLimits

    init(limits: RequestLimits) {
        self.limits = limits
    }

    /// Bytes received but not yet consumed.
    var unreadCount: Int { buffer.count - readIndex }

    /// Whether a head has begun arriving but is not complete (the slow-header clock runs).
    var isReceivingHead: Bool {
        if case .awaitingHead = phase { return unreadCount > 0 }
        return false
    }

    /// Whether the connection is between requests with nothing buffered.
    var isIdle: Bool {
        if case .awaitingHead = phase { return unreadCount == 0 }
        return false
    }

    var isResponding: Bool {
        if case .responding = phase { return true }
        return false
    }

    mutating func receive(_ bytes: UnsafeBufferPointer<UInt8>) {
        if readIndex > 0 && readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
        } else if readIndex > 64 * 1024 && readIndex * 2 > buffer.count {
            buffer.removeFirst(readIndex)
            readIndex = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next thing to do; `disposition` says how the route wants the body of a new head.
    mutating func nextAction(disposition: (RequestHead) -> BodyDisposition) -> Action {
        if continueOwed {
            continueOwed = false
            return .sendContinue
        }
        if bodyEndOwed {
            bodyEndOwed = false
            return .bodyEnd
        }
        switch phase {
        case .awaitingHead(let scanFrom):
            return parseHead(scanFrom: scanFrom, disposition: disposition)
        case .collectingBody(let head, var reader, var collected, let limit):
            phase = .closed // drop the enum's reference so `collected` grows in place
            do {
                try consume(with: &reader, into: &collected)
            } catch {
                return reject(HeadRejection(.badRequest, error.reason))
            }
            if collected.count > limit {
                return reject(HeadRejection(.contentTooLarge, "request body larger than \(limit) bytes"))
            }
            guard reader.isComplete else {
                phase = .collectingBody(head, reader, collected, limit: limit)
                return .needMoreBytes
            }
            phase = .responding(streamingBody: nil)
            return .dispatch(DispatchedRequest(head: head, body: collected))
        case .responding(streamingBody: .some(var reader)):
            var piece: [UInt8] = []
            do {
                try consume(with: &reader, into: &piece)
            } catch {
                phase = .responding(streamingBody: nil)
                return .bodyFailed(error.reason)
            }
            if reader.isComplete {
                phase = .responding(streamingBody: nil)
                if piece.isEmpty { return .bodyEnd }
                bodyEndOwed = true
                return .bodyPiece(piece)
            }
            phase = .responding(streamingBody: reader)
            return piece.isEmpty ? .awaitResponse : .bodyPiece(piece)
        case .responding(streamingBody: nil):
            return .awaitResponse
        case .closed:
            return .awaitResponse
        }
    }

    /// The response went out; answers whether the connection may serve another request.
    mutating func responseFinished(keepAlive: Bool) -> Bool {
        guard case .responding(let streaming) = phase, streaming == nil, keepAlive else {
            phase = .closed
            return false
        }
        phase = .awaitingHead(scanFrom: 0)
        return true
    }

    private mutating func parseHead(scanFrom: Int, disposition: (RequestHead) -> BodyDisposition) -> Action {
        guard unreadCount > 0 else { return .needMoreBytes }
        let outcome = buffer.withUnsafeBufferPointer { all in
            RequestHeadParser.parse(UnsafeBufferPointer(rebasing: all[readIndex...]), scanFrom: scanFrom, limits: limits)
        }
        switch outcome {
        case .incomplete(let next):
            phase = .awaitingHead(scanFrom: next)
            return .needMoreBytes
        case .rejected(let rejection):
            return reject(rejection)
        case .complete(let head, let length):
            readIndex += length
            return begin(head, disposition: disposition)
        }
    }

    private mutating func begin(_ head: RequestHead, disposition: (RequestHead) -> BodyDisposition) -> Action {
        let framing: BodyFraming
        do {
            framing = try BodyFraming.decide(for: head)
        } catch {
            return reject(error)
        }
        if head.minorVersion >= 1 {
            // RFC 9112 §3.2: exactly one Host in an HTTP/1.1 request.
            let hosts = head.fields.count(of: "Host")
            if hosts != 1 { return reject(HeadRejection(.badRequest, hosts == 0 ? "missing Host header" : "more than one Host header")) }
        }
        if let expectation = head.fields["Expect"], !expectation.equalsIgnoringASCIICase("100-continue") {
            return reject(HeadRejection(.expectationFailed, "only 'Expect: 100-continue' is understood"))
        }
        guard framing != .none else {
            phase = .responding(streamingBody: nil)
            return .dispatch(DispatchedRequest(head: head, body: []))
        }
        let reader = BodyReader(framing: framing)
        switch disposition(head) {
        case .collect(let limit):
            if case .length(let length) = framing, length > limit {
                return reject(HeadRejection(.contentTooLarge, "request body larger than \(limit) bytes"))
            }
            phase = .collectingBody(head, reader, [], limit: limit)
            if head.expectsContinue && unreadCount == 0 { return .sendContinue }
            return nextAction(disposition: disposition)
        case .stream:
            phase = .responding(streamingBody: reader)
            continueOwed = head.expectsContinue && unreadCount == 0
            return .dispatch(DispatchedRequest(head: head, body: nil))
        }
    }

    private mutating func consume(with reader: inout BodyReader, into body: inout [UInt8]) throws(ChunkedDecoder.Malformed) {
        guard unreadCount > 0 else { return }
        let used = try buffer.withUnsafeBufferPointer { all throws(ChunkedDecoder.Malformed) in
            try reader.read(UnsafeBufferPointer(rebasing: all[readIndex...]), into: &body)
        }
        readIndex += used
    }

    private mutating func reject(_ rejection: HeadRejection) -> Action {
        phase = .closed
        return .reject(rejection)
    }
}

/// Progress through one request body, by `Content-Length` or chunked.
struct BodyReader {
    private var remaining: Int
    private var decoder: ChunkedDecoder?

    init(framing: BodyFraming) {
        switch framing {
        case .none: remaining = 0
        case .length(let length): remaining = length
        case .chunked:
            remaining = 0
            decoder = ChunkedDecoder()
        }
    }

    var isComplete: Bool { decoder?.isComplete ?? (remaining == 0) }

    mutating func read(_ input: UnsafeBufferPointer<UInt8>, into body: inout [UInt8]) throws(ChunkedDecoder.Malformed) -> Int {
        if decoder != nil {
            return try decoder!.decode(input, into: &body)
        }
        let take = min(remaining, input.count)
        body.append(contentsOf: UnsafeBufferPointer(rebasing: input[..<take]))
        remaining -= take
        return take
    }
}

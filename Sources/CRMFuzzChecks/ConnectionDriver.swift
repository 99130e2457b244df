#if DEBUG || CRM_FUZZING
@testable import CRMHTTP

/// Drives the server's own `ConnectionState` over a sequence of reads, the way `Connection.process`
/// does, with a responder that answers at once: collected bodies are answered on dispatch, streamed
/// bodies when they end. Records what the server would have seen as an `HTTPTranscript`.
struct ConnectionDriver {
    private var state: ConnectionState
    private(set) var transcript = HTTPTranscript()
    /// A streamed request whose body is still arriving, and the body so far.
    private var streaming: (head: RequestHead, body: [UInt8])?
    private var actionCount = 0
    private let actionBudget: Int

    /// `totalBytes`: how many bytes all feeds hold together (bounds the number of actions).
    init(limits: RequestLimits, totalBytes: Int) {
        state = ConnectionState(limits: limits)
        actionBudget = 4 * totalBytes + 64
    }

    /// How the fuzz responder wants bodies: targets under `/upload` stream, others collect.
    static func disposition(for head: RequestHead) -> BodyDisposition {
        head.path.hasPrefix("/upload") ? .stream : .collect(limit: HTTPFuzzCheck.collectLimit)
    }

    /// One read from the socket: the bytes go in, actions run until more bytes are needed.
    mutating func feed(_ bytes: ArraySlice<UInt8>) throws(FuzzFinding) {
        guard !transcript.isClosed, !bytes.isEmpty else { return }
        bytes.withUnsafeBufferPointer { state.receive($0) }
        try drain()
    }

    /// The end of input: what is still buffered.
    mutating func finish() {
        transcript.unreadAtEnd = transcript.isClosed ? 0 : state.unreadCount
        transcript.streamIncomplete = streaming != nil
    }

    private mutating func drain() throws(FuzzFinding) {
        while !transcript.isClosed {
            actionCount += 1
            try require(actionCount <= actionBudget, "ConnectionState made \(actionCount) actions without finishing (a loop?)")
            let action = state.nextAction(disposition: Self.disposition(for:))
            switch action {
            case .needMoreBytes:
                try require(streaming == nil, "needMoreBytes while a streamed body is open")
                if state.isReceivingHead {
                    try require(state.unreadCount <= state.limits.maxHeaderBytes,
                                "\(state.unreadCount) bytes of an incomplete head buffered (limit \(state.limits.maxHeaderBytes))")
                }
                return
            case .sendContinue:
                transcript.continues += 1
            case .dispatch(let request):
                if let body = request.body {
                    try require(streaming == nil, "dispatch while a streamed body is open")
                    transcript.events.append(.request(HTTPRequestSummary(request.head, body: body, streamed: false)))
                    respond(to: request.head)
                } else {
                    try require(streaming == nil, "second streamed dispatch before bodyEnd")
                    streaming = (request.head, [])
                }
            case .bodyPiece(let piece):
                try require(streaming != nil, "bodyPiece without a streamed request")
                try require(!piece.isEmpty, "empty bodyPiece")
                streaming!.body += piece
            case .bodyEnd:
                guard let (head, body) = streaming else { throw FuzzFinding("bodyEnd without a streamed request") }
                streaming = nil
                transcript.events.append(.request(HTTPRequestSummary(head, body: body, streamed: true)))
                respond(to: head)
            case .bodyFailed(let reason):
                try require(streaming != nil, "bodyFailed without a streamed request")
                streaming = nil
                transcript.events.append(.bodyFailed(reason))
                transcript.isClosed = true // the server answers and closes
            case .awaitResponse:
                if streaming != nil { return }
                throw FuzzFinding("awaitResponse with no response outstanding")
            case .reject(let rejection):
                try require(streaming == nil, "reject while a streamed body is open")
                transcript.events.append(.rejected(status: rejection.status.code, reason: rejection.reason))
                transcript.isClosed = true
            }
        }
    }

    private mutating func respond(to head: RequestHead) {
        if !state.responseFinished(keepAlive: head.wantsKeepAlive) { transcript.isClosed = true }
    }
}
#endif

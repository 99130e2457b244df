import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One client connection: owns its socket on a serial queue, reads through a `DispatchSourceRead`,
/// does what `ConnectionState` decides, runs the responder in a `Task` off the I/O path, and writes
/// answers in request order with back-pressure (see `Connection+Output.swift`).
///
/// Every stored property is touched only on `queue`, which is what makes it `@unchecked Sendable`.
final class Connection: @unchecked Sendable {
    enum TimerPurpose { case idle, slowHead, slowBody, linger }

    let queue: DispatchQueue
    let stream: ByteStream
    let responder: any Responder
    let client: ClientInfo
    let limits: RequestLimits
    let onClose: @Sendable (Connection) -> Void

    var state: ConnectionState
    var readSource: DispatchSourceRead?
    var writeSource: DispatchSourceWrite?
    /// When the current timeout expires (monotonic ns, 0 = none); the server's sweeper reads it.
    /// A per-connection Dispatch timer re-armed on every request cost ~10 µs in wake-ups.
    let deadline = Atomic<Int64>(0)
    /// Bytes this connection received and sent.
    let traffic = TrafficCounters()
    var armedDeadline: Int64 = 0
    var timerPurpose: TimerPurpose?
    var isReadingPaused = false
    var isWriteArmed = false
    var output: [UInt8] = []
    var outputOffset = 0
    var drainWaiters: [CheckedContinuation<Void, Swift.Error>] = []
    var closeAfterFlush = false
    var isLingering = false
    var isClosed = false
    var isShuttingDown = false
    var peerClosedInput = false
    var isResponseInFlight = false
    var bodyStream: RequestBodyStream?
    var bodyStreamFailed = false

    init(stream: ByteStream, client: ClientInfo, responder: any Responder, limits: RequestLimits,
         onClose: @escaping @Sendable (Connection) -> Void) {
        self.stream = stream
        self.client = client
        self.responder = responder
        self.limits = limits
        self.onClose = onClose
        self.state = ConnectionState(limits: limits)
        self.queue = DispatchQueue(label: "crm.connection", target: .global())
    }

    /// Starts reading; call once.
    func start() {
        queue.async { [self] in
            let source = DispatchSource.makeReadSource(fileDescriptor: stream.fileDescriptor, queue: queue)
            source.setEventHandler { [weak self] in self?.readable() }
            readSource = source
            source.resume()
            updateTimer()
        }
    }

    /// Stop after the request under way (if any, even one still arriving); idle connections close now.
    func beginShutdown() {
        queue.async { [self] in
            guard !isClosed else { return }
            isShuttingDown = true
            if state.isIdle && !isResponseInFlight { closeNow() }
        }
    }

    /// Closes at once, whatever is in flight (the end of the shutdown grace period).
    func forceClose() {
        queue.async { [self] in closeNow() }
    }

    // MARK: Reading

    private func readable() {
        guard !isClosed else { return }
        for _ in 0..<16 {
            let outcome = withUnsafeTemporaryAllocation(byteCount: 64 * 1024, alignment: 16) { buffer -> IOOutcome in
                let outcome = stream.read(into: buffer)
                if case .transferred(let count) = outcome { traffic.add(received: count) }
                if case .transferred(let count) = outcome, !isLingering {
                    state.receive(UnsafeBufferPointer(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count))
                }
                return outcome
            }
            switch outcome {
            case .transferred(let count):
                // A short read emptied a plain socket; TLS must read until it would block.
                if count < 64 * 1024 && !stream.needsFullDrain { return isLingering ? () : process() }
            case .wouldBlock:
                return isLingering ? () : process()
            case .endOfStream:
                return peerClosed()
            case .failed:
                if let tls = stream as? TLSStream, tls.receivedPlainHTTP { answerPlainHTTPOnTLSPort() }
                return closeNow()
            }
        }
        // More may be waiting (in TLS buffers the socket does not signal): continue after the others.
        if !isLingering { process() }
        queue.async { [self] in if !isClosed && !isReadingPaused { readable() } }
    }

    /// A plain-HTTP request on the HTTPS port gets a plain answer saying so, then the connection closes.
    private func answerPlainHTTPOnTLSPort() {
        let text = "This port speaks HTTPS.\n"
        let answer = Array("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: \(text.utf8.count)\r\nConnection: close\r\n\r\n\(text)".utf8)
        answer.withUnsafeBytes { _ = Glibc.send(stream.fileDescriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    private func peerClosed() {
        peerClosedInput = true
        pauseReading()
        if let stream = bodyStream {
            stream.finish(failure: RequestBodyStream.Aborted(reason: "client closed before the end of the body"))
            bodyStream = nil
        }
        if !isResponseInFlight { closeNow() }
    }

    /// Performs actions until the state machine needs more bytes or a response.
    func process() {
        while !isClosed {
            // A closure literal, not `responder.bodyDisposition(for:)`: that partial application
            // allocated a context on every call.
            switch state.nextAction(disposition: { [responder] head in responder.bodyDisposition(for: head) }) {
            case .needMoreBytes:
                updateTimer()
                resumeReading()
                return
            case .sendContinue:
                output.append(contentsOf: ResponseEncoder.continueLine)
                flush()
            case .dispatch(let request):
                dispatch(request)
            case .bodyPiece(let piece):
                if bodyStream?.yield(piece) == true {
                    pauseReading()
                    return
                }
            case .bodyEnd:
                bodyStream?.finish()
                bodyStream = nil
            case .bodyFailed(let reason):
                bodyStream?.finish(failure: RequestBodyStream.Aborted(reason: reason))
                bodyStream = nil
                bodyStreamFailed = true
            case .awaitResponse:
                updateTimer()
                // Keep reading a streamed body; otherwise buffer at most a little of what is pipelined.
                if bodyStream != nil || state.unreadCount < limits.maxHeaderBytes * 4 { resumeReading() } else { pauseReading() }
                return
            case .reject(let rejection):
                reject(rejection)
                return
            }
        }
    }

    private func dispatch(_ dispatched: ConnectionState.DispatchedRequest) {
        isResponseInFlight = true
        let body: RequestBody
        if let bytes = dispatched.body {
            body = .bytes(bytes)
        } else {
            let stream = RequestBodyStream { [weak self] in
                guard let self else { return }
                self.queue.async { if !self.isClosed { self.process() } }
            }
            bodyStream = stream
            body = .stream(stream)
        }
        let request = Request(head: dispatched.head, body: body)
        updateTimer()
        Task { [responder, client] in
            let response = await responder.respond(to: request, from: client)
            self.queue.async { self.send(response, answering: request.head) }
        }
    }

    private func reject(_ rejection: HeadRejection) {
        pauseReading()
        let response = Response.text(rejection.reason + "\n", status: rejection.status)
        isResponseInFlight = true
        send(response, answering: RequestHead(method: "GET", target: "/"), forceClose: true)
    }

    // MARK: Reading control and timers

    func pauseReading() {
        guard !isReadingPaused, let source = readSource else { return }
        isReadingPaused = true
        source.suspend()
    }

    func resumeReading() {
        guard isReadingPaused, let source = readSource, !peerClosedInput else { return }
        isReadingPaused = false
        source.resume()
    }

    /// Sets the one deadline for what the connection is doing now: idle, a slow head, a slow body.
    func updateTimer() {
        let purpose: TimerPurpose?
        if isLingering || isClosed {
            return
        } else if isResponseInFlight {
            purpose = nil
        } else if state.isIdle {
            purpose = .idle
        } else if state.isReceivingHead {
            purpose = .slowHead
        } else {
            purpose = .slowBody
        }
        // The slow-head clock starts at the head's first byte and is not reset by later bytes.
        if purpose == timerPurpose && purpose != .slowBody { return }
        timerPurpose = purpose
        switch purpose {
        case .idle?, .slowBody?: schedule(after: limits.idleTimeout)
        case .slowHead?: schedule(after: limits.headerTimeout)
        case .linger?: schedule(after: .seconds(1))
        case nil: schedule(after: nil)
        }
    }

    func schedule(after delay: Duration?) {
        armedDeadline = delay.map { MonotonicClock.nanoseconds() + Int64($0.nanoseconds) } ?? 0
        deadline.store(armedDeadline, ordering: .relaxed)
    }

    /// Called by the server's sweeper when `deadline` looked past; acts if it still is.
    func deadlineMaybePassed() {
        queue.async { [self] in
            guard !isClosed, armedDeadline != 0 else { return }
            if MonotonicClock.nanoseconds() >= armedDeadline {
                armedDeadline = 0
                timerFired()
            } else {
                deadline.store(armedDeadline, ordering: .relaxed)
            }
        }
    }

    private func timerFired() {
        guard !isClosed else { return }
        if isLingering { return closeNow() }
        switch timerPurpose {
        case .idle?, .linger?: closeNow()
        case .slowHead?: reject(HeadRejection(.requestTimeout, "request head not received in time"))
        case .slowBody?: reject(HeadRejection(.requestTimeout, "request body not received in time"))
        case nil: break
        }
    }
}

/// Monotonic time in nanoseconds (CLOCK_MONOTONIC), cheap enough for every request.
enum MonotonicClock {
    static func nanoseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}

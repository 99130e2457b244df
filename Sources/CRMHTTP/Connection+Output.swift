import Dispatch

/// The writing half of a connection: encode an answer, write it with back-pressure, stream chunked
/// bodies, and close (lingering briefly after an error so the client reads the answer before a reset).
extension Connection {
    /// Most bytes waiting in `output` before a streamed body's writer is made to wait.
    static let outputHighWater = 256 * 1024

    func send(_ response: Response, answering head: RequestHead, forceClose: Bool = false) {
        guard !isClosed else { return }
        let framing = ResponseEncoder.framing(for: response, method: head.method, minorVersion: head.minorVersion)
        let keepAlive = !forceClose && head.wantsKeepAlive && !isShuttingDown && !peerClosedInput
            && !bodyStreamFailed && bodyStream == nil && framing != .untilClose
            && !response.headers.hasToken("close", in: "Connection")
        ResponseEncoder.encodeHead(response, framing: framing, keepAlive: keepAlive, into: &output)
        switch (response.body, framing) {
        case (.bytes(let bytes), .length):
            output.append(contentsOf: bytes)
        case (.stream(let produce), .chunked), (.stream(let produce), .untilClose):
            flush()
            stream(produce, isChunked: framing == .chunked, keepAlive: keepAlive)
            return
        default:
            break
        }
        finishResponse(keepAlive: keepAlive)
    }

    private func finishResponse(keepAlive: Bool) {
        isResponseInFlight = false
        let keepsOpen = state.responseFinished(keepAlive: keepAlive)
        if !keepsOpen { closeAfterFlush = true }
        flush()
        if keepsOpen && !isClosed { process() }
    }

    private func stream(_ produce: @escaping @Sendable (ResponseBodyWriter) async throws -> Void,
                        isChunked: Bool, keepAlive: Bool) {
        let writer = ChunkWriter(connection: self, isChunked: isChunked)
        Task {
            var succeeded = true
            do { try await produce(writer) } catch { succeeded = false }
            let completed = succeeded
            self.queue.async {
                guard !self.isClosed else { return }
                if completed && isChunked { self.output.append(contentsOf: ResponseEncoder.lastChunk) }
                // A producer that failed mid-body cannot say so in HTTP/1.1: end without the last chunk.
                self.finishResponse(keepAlive: keepAlive && completed)
            }
        }
    }

    /// Called on `queue` by the chunk writer.
    func enqueuePiece(_ bytes: [UInt8], isChunked: Bool, continuation: CheckedContinuation<Void, Swift.Error>) {
        guard !isClosed else { return continuation.resume(throwing: ConnectionClosed()) }
        if isChunked { ResponseEncoder.encodeChunk(bytes, into: &output) } else { output.append(contentsOf: bytes) }
        flush()
        if isClosed { return continuation.resume(throwing: ConnectionClosed()) }
        if output.count - outputOffset < Connection.outputHighWater {
            continuation.resume()
        } else {
            drainWaiters.append(continuation)
        }
    }

    /// Writes what it can; arms the write source when the socket is full.
    func flush() {
        while outputOffset < output.count {
            let outcome = output.withUnsafeBytes { stream.write(UnsafeRawBufferPointer(rebasing: $0[outputOffset...])) }
            switch outcome {
            case .transferred(let count):
                outputOffset += count
                traffic.add(sent: count)
            case .wouldBlock:
                return armWrite()
            case .failed, .endOfStream:
                return closeNow()
            }
        }
        output.removeAll(keepingCapacity: output.capacity <= 64 * 1024)
        outputOffset = 0
        disarmWrite()
        let waiters = drainWaiters
        drainWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
        if closeAfterFlush && !isResponseInFlight { lingerThenClose() }
    }

    private func armWrite() {
        guard !isWriteArmed else { return }
        isWriteArmed = true
        if let source = writeSource {
            source.resume()
        } else {
            let source = DispatchSource.makeWriteSource(fileDescriptor: stream.fileDescriptor, queue: queue)
            source.setEventHandler { [weak self] in self?.flush() }
            writeSource = source
            source.resume()
        }
    }

    private func disarmWrite() {
        guard isWriteArmed, let source = writeSource else { return }
        isWriteArmed = false
        source.suspend()
    }

    /// Half-closes and reads (discarding) for up to a second, so a client still sending its body
    /// gets our answer instead of a connection reset.
    private func lingerThenClose() {
        guard !isLingering, !isClosed else { return }
        if peerClosedInput { return closeNow() }
        isLingering = true
        stream.shutdownOutput()
        timerPurpose = .linger
        schedule(after: .seconds(1))
        resumeReading()
    }

    /// Releases everything: sources, timer, a body stream and writers still waiting.
    func closeNow() {
        guard !isClosed else { return }
        isClosed = true
        deadline.store(0, ordering: .relaxed)
        bodyStream?.finish(failure: RequestBodyStream.Aborted(reason: "connection closed"))
        bodyStream = nil
        let waiters = drainWaiters
        drainWaiters.removeAll()
        for waiter in waiters { waiter.resume(throwing: ConnectionClosed()) }
        let stream = self.stream
        let sources: [DispatchSourceProtocol] = [readSource, writeSource].compactMap { $0 }
        if isReadingPaused { readSource?.resume() }
        if !isWriteArmed { writeSource?.resume() }
        let remaining = ManagedCounter(sources.count)
        for source in sources {
            source.setCancelHandler { if remaining.decrement() == 0 { stream.close() } }
            source.cancel()
        }
        if sources.isEmpty { stream.close() }
        onClose(self)
    }
}

struct ConnectionClosed: Swift.Error {}

/// Counts down the cancel handlers of one connection's sources (all run on its queue).
final class ManagedCounter: @unchecked Sendable {
    private var value: Int
    init(_ value: Int) { self.value = value }
    func decrement() -> Int {
        value -= 1
        return value
    }
}

/// The `ResponseBodyWriter` a streamed body gets: each piece hops to the connection's queue.
struct ChunkWriter: ResponseBodyWriter {
    let connection: Connection
    let isChunked: Bool

    func write(_ bytes: [UInt8]) async throws {
        guard !bytes.isEmpty else { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Swift.Error>) in
            connection.queue.async { connection.enqueuePiece(bytes, isChunked: isChunked, continuation: continuation) }
        }
    }
}

import Synchronization

/// A request body arriving piece by piece, with back-pressure: the connection stops reading from the
/// socket while more than `highWater` bytes wait here, and resumes when the consumer catches up.
public final class RequestBodyStream: AsyncSequence, Sendable {
    public typealias Element = [UInt8]

    public struct TooLarge: Swift.Error {}
    /// The client went away or sent a malformed body before the end.
    public struct Aborted: Swift.Error, Sendable {
        public var reason: String
    }

    private struct State {
        var pieces: [[UInt8]] = []
        var bufferedBytes = 0
        var isFinished = false
        var failure: Aborted?
        var waiter: CheckedContinuation<[UInt8]?, Swift.Error>?
        var isPaused = false
    }

    private let state = Mutex(State())
    let highWater: Int
    /// Called (from any thread) when the buffer drained after the producer was paused.
    private let onDrain: @Sendable () -> Void

    init(highWater: Int = 256 * 1024, onDrain: @escaping @Sendable () -> Void) {
        self.highWater = highWater
        self.onDrain = onDrain
    }

    /// Adds a piece; answers whether the producer should pause reading.
    func yield(_ piece: [UInt8]) -> Bool {
        state.withLock { state in
            if let waiter = state.waiter {
                state.waiter = nil
                waiter.resume(returning: piece)
                return false
            }
            state.pieces.append(piece)
            state.bufferedBytes += piece.count
            state.isPaused = state.bufferedBytes > highWater
            return state.isPaused
        }
    }

    func finish(failure: Aborted? = nil) {
        state.withLock { state in
            guard !state.isFinished else { return }
            state.isFinished = true
            state.failure = failure
            if let waiter = state.waiter {
                state.waiter = nil
                if let failure { waiter.resume(throwing: failure) } else { waiter.resume(returning: nil) }
            }
        }
    }

    private func next() async throws -> [UInt8]? {
        enum Step { case piece([UInt8]?, resume: Bool), fail(Aborted), wait }
        let step: Step = state.withLock { state in
            if !state.pieces.isEmpty {
                let piece = state.pieces.removeFirst()
                state.bufferedBytes -= piece.count
                let resume = state.isPaused && state.bufferedBytes <= highWater / 2
                if resume { state.isPaused = false }
                return .piece(piece, resume: resume)
            }
            if state.isFinished {
                if let failure = state.failure { return .fail(failure) }
                return .piece(nil, resume: false)
            }
            return .wait
        }
        switch step {
        case .piece(let piece, let resume):
            if resume { onDrain() }
            return piece
        case .fail(let failure):
            throw failure
        case .wait:
            return try await withCheckedThrowingContinuation { continuation in
                let resume: Bool = state.withLock { state in
                    if !state.pieces.isEmpty {
                        let piece = state.pieces.removeFirst()
                        state.bufferedBytes -= piece.count
                        continuation.resume(returning: piece)
                        let resume = state.isPaused && state.bufferedBytes <= highWater / 2
                        if resume { state.isPaused = false }
                        return resume
                    }
                    if state.isFinished {
                        if let failure = state.failure { continuation.resume(throwing: failure) } else {
                            continuation.resume(returning: nil)
                        }
                    } else {
                        state.waiter = continuation
                    }
                    return false
                }
                if resume { onDrain() }
            }
        }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let stream: RequestBodyStream
        public mutating func next() async throws -> [UInt8]? { try await stream.next() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(stream: self) }
}

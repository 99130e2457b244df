import Synchronization

/// A bulk append handed to the writer without waiting (`Store.submitBulk`): the caller can queue the
/// next batches at once and wait for this one later, so the writer always has work queued even while
/// the caller's task waits for a thread.
public final class BulkAppendTicket: Sendable {
    private enum State {
        case pending(waiter: CheckedContinuation<Void, any Error>?)
        case finished(error: (any Error)?)
    }

    private let state = Mutex<State>(.pending(waiter: nil))

    init() {}

    /// Returns once the batch is written; throws the writer's error when it was not.
    public func wait() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let outcome = state.withLock { state -> Result<Void, any Error>? in
                switch state {
                case .pending:
                    state = .pending(waiter: continuation)
                    return nil
                case .finished(let error):
                    return error.map { .failure($0) } ?? .success(())
                }
            }
            if let outcome { continuation.resume(with: outcome) }
        }
    }

    /// On the writer: the batch is written (nil) or failed.
    func finish(_ error: (any Error)?) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard case .pending(let waiter) = state else { return nil }
            state = .finished(error: error)
            return waiter
        }
        guard let waiter else { return }
        if let error { waiter.resume(throwing: error) } else { waiter.resume() }
    }
}

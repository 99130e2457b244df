import Synchronization

/// Wakes readers waiting for a commit (the changes feed's long-poll) the moment the writer
/// acknowledges one: no polling. Each waiter gives up after its timeout.
final class CommitSignal: Sendable {
    private struct Waiter {
        var after: UInt64
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var acknowledged: UInt64
        var waiters: [Int: Waiter] = [:]
        var nextId = 0
    }

    private let state: Mutex<State>

    init(acknowledged: UInt64) {
        state = Mutex(State(acknowledged: acknowledged))
    }

    /// Returns once a record above `seq` is acknowledged, or after `timeout`.
    func wait(after seq: UInt64, timeout: Duration) async {
        let id = state.withLock { state -> Int in
            defer { state.nextId += 1 }
            return state.nextId
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let isDue = state.withLock { state -> Bool in
                if state.acknowledged > seq { return true }
                state.waiters[id] = Waiter(after: seq, continuation: continuation)
                return false
            }
            if isDue { return continuation.resume() }
            Task { [weak self] in
                try? await Task.sleep(for: timeout)
                self?.resume(id)
            }
        }
    }

    /// Called by the writer after acknowledging records up to `seq`.
    func acknowledged(_ seq: UInt64) {
        let due = state.withLock { state -> [Waiter] in
            state.acknowledged = seq
            let due = state.waiters.filter { $0.value.after < seq }
            for id in due.keys { state.waiters[id] = nil }
            return Array(due.values)
        }
        for waiter in due { waiter.continuation.resume() }
    }

    private func resume(_ id: Int) {
        state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume()
    }
}

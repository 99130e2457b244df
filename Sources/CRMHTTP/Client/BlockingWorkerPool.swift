import Foundation
import Synchronization

/// A fixed number of threads of its own for blocking work (outgoing requests wait in `poll`), so
/// Swift's cooperative pool never blocks. At most `threadCount` jobs run at once; the others
/// queue in order. Threads start on first use and live as long as the process.
final class BlockingWorkerPool: Sendable {
    private struct Queue {
        var jobs: [@Sendable () -> Void] = []
        var started = false
    }

    private let threadCount: Int
    private let name: String
    private let queue = Mutex(Queue())
    private let available = DispatchSemaphore(value: 0)

    init(threadCount: Int, name: String) {
        self.threadCount = max(1, threadCount)
        self.name = name
    }

    /// Runs `work` on one of the pool's threads and returns its value.
    func run<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            submit { continuation.resume(returning: work()) }
        }
    }

    private func submit(_ job: @escaping @Sendable () -> Void) {
        let shouldStart = queue.withLock { queue in
            queue.jobs.append(job)
            defer { queue.started = true }
            return !queue.started
        }
        if shouldStart {
            for number in 0..<threadCount {
                let thread = Thread { [self] in work() }
                thread.name = "\(name).\(number)"
                thread.start()
            }
        }
        available.signal()
    }

    private func work() {
        while true {
            available.wait()
            let job = queue.withLock { $0.jobs.isEmpty ? nil : $0.jobs.removeFirst() }
            job?()
        }
    }
}

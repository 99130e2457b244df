import CRMModel
import Dispatch
import Foundation
import Synchronization

/// Decides when each pending delivery is attempted: at its due time, with at most `concurrency`
/// attempts in flight over all hooks and `concurrencyPerHook` to any one hook, so a failing or
/// slow receiver never holds up the others. It keeps only ids and due times; `attempt` does the
/// work (as a task) and answers when the delivery is due again (nil once it is finished).
///
/// The timing loop runs on a thread of its own that sleeps on a semaphore until the next due
/// time or until something changes.
final class DeliveryScheduler: Sendable {
    typealias Item = (id: DeliveryID, hook: WebhookID, due: Timestamp)

    private struct Entry {
        var hook: WebhookID
        var due: Int64
    }

    private struct Queue {
        var waiting: [DeliveryID: Entry] = [:]
        var inFlight: Set<DeliveryID> = []
        var inFlightByHook: [WebhookID: Int] = [:]
        var isStopped = false
    }

    private let concurrency: Int
    private let concurrencyPerHook: Int
    private let attempt: @Sendable (DeliveryID) async -> Timestamp?
    private let queue = Mutex(Queue())
    private let changed = DispatchSemaphore(value: 0)

    init(concurrency: Int, concurrencyPerHook: Int, attempt: @escaping @Sendable (DeliveryID) async -> Timestamp?) {
        self.concurrency = concurrency
        self.concurrencyPerHook = concurrencyPerHook
        self.attempt = attempt
    }

    /// Adds deliveries (or moves them) to be attempted at their due time.
    func schedule(_ items: [Item]) {
        queue.withLock { queue in
            for item in items where !queue.inFlight.contains(item.id) {
                queue.waiting[item.id] = Entry(hook: item.hook, due: item.due.millisecondsSinceEpoch)
            }
        }
        changed.signal()
    }

    /// Starts the timing loop on its own thread.
    func start() {
        let thread = Thread { [self] in
            while let next = startDue() {
                _ = changed.wait(timeout: next.map { .now() + .milliseconds(Int(max(1, min($0, 60_000)))) } ?? .now() + .seconds(60))
            }
        }
        thread.name = "crm.webhook-scheduler"
        thread.start()
    }

    func stop() {
        queue.withLock { $0.isStopped = true }
        changed.signal()
    }

    /// Starts every due delivery the limits allow; answers how long until the next due one
    /// (milliseconds; `.some(nil)` when none waits), or nil once stopped.
    private func startDue() -> Int64?? {
        let now = Timestamp.now().millisecondsSinceEpoch
        let round: (started: [Item], next: Int64?)? = queue.withLock { queue in
            guard !queue.isStopped else { return nil }
            var started: [Item] = []
            var next: Int64?
            for (id, entry) in queue.waiting.sorted(by: { ($0.value.due, $0.key) < ($1.value.due, $1.key) }) {
                guard entry.due <= now else {
                    next = min(next ?? entry.due, entry.due)
                    continue
                }
                guard queue.inFlight.count < concurrency, queue.inFlightByHook[entry.hook, default: 0] < concurrencyPerHook else { continue }
                queue.waiting[id] = nil
                queue.inFlight.insert(id)
                queue.inFlightByHook[entry.hook, default: 0] += 1
                started.append((id, entry.hook, Timestamp(millisecondsSinceEpoch: entry.due)))
            }
            return (started, next)
        }
        guard let round else { return nil }
        for item in round.started {
            let attempt = self.attempt
            Task.detached { [self] in
                let again = await attempt(item.id)
                finished(item.id, hook: item.hook, again: again)
            }
        }
        return .some(round.next.map { $0 - now })
    }

    private func finished(_ id: DeliveryID, hook: WebhookID, again: Timestamp?) {
        queue.withLock { queue in
            queue.inFlight.remove(id)
            queue.inFlightByHook[hook, default: 1] -= 1
            if queue.inFlightByHook[hook] == 0 { queue.inFlightByHook[hook] = nil }
            if let again { queue.waiting[id] = Entry(hook: hook, due: again.millisecondsSinceEpoch) }
        }
        changed.signal()
    }
}

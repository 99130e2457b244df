import CRMHTTP
import CRMModel
import CRMStore

/// Webhooks put together: the service for the routes, and two background tasks — the dispatcher
/// (log → deliveries) and the scheduler (deliveries → signed POSTs) — started once the store
/// is open. Pending deliveries found in the state are resumed at start (kill -9 safe: an attempt
/// in flight at a crash is simply made again).
public struct Webhooks: Sendable {
    public let service: WebhooksService
    private let stopping: @Sendable () -> Void

    public static func start(store: Store, state: WebhooksState, settings: WebhookSettings) -> Webhooks {
        var options = HTTPClient.Options(policy: settings.policy)
        options.concurrency = settings.concurrency
        let attempt = DeliveryAttempt(store: store, state: state, client: HTTPClient(options: options),
                                      schedule: RetrySchedule(scale: settings.retryScale))
        let scheduler = DeliveryScheduler(concurrency: settings.concurrency, concurrencyPerHook: settings.concurrencyPerHook) { id in
            await attempt.run(id)
        }
        let enqueue: @Sendable ([(id: DeliveryID, hook: WebhookID, due: Timestamp)]) async -> Void = { items in
            scheduler.schedule(items)
        }
        let dispatcher = WebhookDispatcher(store: store, state: state, settings: settings, created: enqueue)
        scheduler.schedule(state.pending)
        scheduler.start()
        let dispatching = Task.detached { await dispatcher.run() }
        return Webhooks(service: WebhooksService(store: store, state: state, settings: settings, scheduled: enqueue),
                        stopping: { dispatching.cancel(); scheduler.stop() })
    }

    /// Stops dispatching and scheduling (attempts in flight finish on their own).
    public func stop() {
        stopping()
    }
}

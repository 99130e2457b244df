import CRMModel
import CRMStore

/// Turns committed changes into deliveries. It follows the log like a changes-feed client from a
/// persisted cursor: it wakes on each commit, reads the public records after its cursor, and for
/// every active hook whose events match appends a `webhook-delivery` record — in one commit with
/// the new cursor, so after a crash no event is delivered twice or lost. A hook gets the changes
/// committed from its creation on. On a fresh data directory the cursor starts at the end of the
/// log. Batches without deliveries move the stored cursor only every `cursorLag` records, and only
/// while hooks exist: a server without webhooks writes nothing.
struct WebhookDispatcher: Sendable {
    let store: Store
    let state: WebhooksState
    let settings: WebhookSettings
    /// Called with the deliveries each commit created.
    let created: @Sendable ([(id: DeliveryID, hook: WebhookID, due: Timestamp)]) async -> Void
    static let batchSize = 500
    static let cursorLag: UInt64 = 1_000

    func run() async {
        var after = startingPoint()
        var saved = after
        while !Task.isCancelled {
            guard let records = try? store.records(after: after, limit: Self.batchSize) else {
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            guard let last = records.last?.seq else {
                await store.waitForCommit(after: after, timeout: .seconds(30))
                continue
            }
            let events = records.filter { ChangesFeed.publicTypes.contains($0.type) && WebhookPayload.event(for: $0) != nil }
            let hooks = state.activeHooks
            let wanted = events.contains { record in hooks.contains { Self.wants($0, record) } }
            if wanted || (last - saved >= Self.cursorLag && state.hasHooks) {
                do {
                    let made = try await commit(events, through: last)
                    saved = last
                    if !made.isEmpty { await created(made) }
                } catch {
                    try? await Task.sleep(for: .seconds(1))
                    continue
                }
            }
            after = last
        }
    }

    /// Where to read from: the stored cursor; without one (no delivery made yet), from just before
    /// the oldest hook's creation (hooks only take changes from their creation on), or from the end
    /// of the log when there is no hook. Nothing is written until there is something to deliver.
    private func startingPoint() -> UInt64 {
        if let stored = state.cursor { return stored }
        guard let oldest = state.read({ $0.hooks.values.map(\.createdAt).min() }) else { return store.lastSeq }
        return store.seq(before: oldest.millisecondsSinceEpoch)
    }

    static func wants(_ hook: Webhook, _ record: Record) -> Bool {
        guard hook.fields.active, record.timestamp >= hook.createdAt.millisecondsSinceEpoch,
              let event = WebhookPayload.event(for: record) else { return false }
        return WebhookEvent.matches(hook.fields.events, event: event)
    }

    private static func appendCursor(_ after: UInt64, to context: inout CommitContext) {
        var writer = JSONWriter(reservingCapacity: 32)
        writer.beginObject()
        writer.field("after", Int64(after))
        writer.endObject()
        context.append(type: WebhooksState.cursorType, id: WebhooksState.cursorId, op: .put, data: writer.bytes)
    }

    /// Appends a delivery per (event, matching hook), prunes old finished deliveries, and moves the cursor.
    private func commit(_ events: [Record], through last: UInt64) async throws -> [(id: DeliveryID, hook: WebhookID, due: Timestamp)] {
        try await store.commit(actor: "system", requestId: "webhook-dispatcher") { [state, settings, store] context in
            let now = Timestamp(millisecondsSinceEpoch: context.timestamp)
            let hooks = state.activeHooks
            var made: [(id: DeliveryID, hook: WebhookID, due: Timestamp)] = []
            for record in events {
                guard let event = WebhookPayload.event(for: record) else { continue }
                // An entity erased since this change was made: its data must not be copied again.
                if record.op == .put && store.lastOperation(of: record.id) == .erase { continue }
                for hook in hooks where Self.wants(hook, record) {
                    let id = DeliveryID.make()
                    let payload = WebhookPayload.bytes(delivery: id, event: event, createdAt: Timestamp(millisecondsSinceEpoch: record.timestamp),
                                                       entityId: record.id, seq: record.seq, data: record.op == .put ? record.data : nil)
                    let delivery = WebhookDelivery(id: id, webhookId: hook.id, event: event, payload: payload, state: .pending, attempts: [],
                                                   nextAttemptAt: now, createdAt: now)
                    context.append(type: WebhooksState.deliveryType, id: id.description, op: .put, data: delivery.storedBytes)
                    made.append((id, hook.id, now))
                }
            }
            for hook in Set(made.map(\.hook)) {
                for old in state.finishedDeliveriesToPrune(of: hook, adding: made.count { $0.hook == hook }, keeping: settings.keptPerHook) {
                    context.append(type: WebhooksState.deliveryType, id: old.description, op: .delete, data: [])
                }
            }
            Self.appendCursor(last, to: &context)
            return made
        }
    }
}

extension WebhooksState {
    /// The oldest finished deliveries of `hook` beyond what `keeping` allows once `adding` more arrive.
    func finishedDeliveriesToPrune(of hook: WebhookID, adding: Int, keeping: Int) -> [DeliveryID] {
        read { tables in
            let ids = tables.deliveriesByHook[hook] ?? []
            let excess = ids.count + adding - keeping
            guard excess > 0 else { return [] }
            return Array(ids.lazy.filter { tables.deliveries[$0]?.state != .pending }.prefix(excess))
        }
    }
}

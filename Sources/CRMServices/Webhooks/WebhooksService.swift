import CRMHTTP
import CRMModel
import CRMRouter
import CRMStore

/// Creating, reading, changing and deleting webhooks, their delivery log, and test pings.
/// Deleting a hook deletes its deliveries in the same commit: pending ones are never sent.
public final class WebhooksService: Sendable {
    let store: Store
    let state: WebhooksState
    let settings: WebhookSettings
    /// Hands new deliveries to the scheduler.
    let scheduled: @Sendable ([(id: DeliveryID, hook: WebhookID, due: Timestamp)]) async -> Void

    init(store: Store, state: WebhooksState, settings: WebhookSettings,
         scheduled: @escaping @Sendable ([(id: DeliveryID, hook: WebhookID, due: Timestamp)]) async -> Void) {
        self.store = store
        self.state = state
        self.settings = settings
        self.scheduled = scheduled
    }

    func create(_ body: JSONObject, actor: String, requestId: String) async throws -> Webhook {
        let fields = try WebhookFields.read(from: body, policy: settings.policy)
        let id = WebhookID.make()
        let secret = WebhookSignature.makeSecret()
        return try await store.commit(actor: actor, requestId: requestId) { context in
            let now = Timestamp(millisecondsSinceEpoch: context.timestamp)
            let hook = Webhook(id: id, fields: fields, secret: secret, createdAt: now, updatedAt: now, version: 1)
            context.append(type: WebhooksState.webhookType, id: id.description, op: .put, data: hook.storedBytes)
            return hook
        }
    }

    func webhook(_ idText: String) throws -> Webhook {
        guard let id = WebhookID(idText), let hook = state.hook(id) else { throw Problem.notFound("No webhook with id '\(idText)'.") }
        return hook
    }

    func list(_ query: QueryParameters) throws -> Page<Webhook> {
        let paging = try PageParameters(query)
        let after = try paging.cursorId(as: WebhookID.self)
        let hooks = state.read { tables in tables.hooks.values.filter { after == nil || $0.id > after! }.sorted { $0.id < $1.id } }
        let page = Array(hooks.prefix(paging.limit))
        let next = hooks.count > paging.limit ? page.last.map { Cursor.encode(sortKey: "", id: $0.id.description) } : nil
        return Page(data: page, nextCursor: next)
    }

    func update(_ idText: String, patch: JSONObject, ifMatch: Int?, actor: String, requestId: String) async throws -> Webhook {
        try MergePatch.rejectReadOnly(WebhookFields.readOnlyKeys, in: patch)
        let current = try webhook(idText)
        let merged = MergePatch.apply(patch: patch, to: current.fields.jsonObject)
        let fields = try WebhookFields.read(from: merged, policy: settings.policy)
        return try await store.commit(actor: actor, requestId: requestId) { [state] context in
            guard var hook = state.hook(current.id) else { throw Problem.notFound("No webhook with id '\(idText)'.") }
            try Preconditions.check(ifMatch: ifMatch, version: hook.version)
            guard fields != hook.fields else { return hook }
            hook.fields = fields
            hook.updatedAt = Timestamp(millisecondsSinceEpoch: context.timestamp)
            hook.version += 1
            context.append(type: WebhooksState.webhookType, id: hook.id.description, op: .put, data: hook.storedBytes)
            return hook
        }
    }

    func delete(_ idText: String, ifMatch: Int?, actor: String, requestId: String) async throws {
        let current = try webhook(idText)
        try await store.commit(actor: actor, requestId: requestId) { [state] context in
            guard let hook = state.hook(current.id) else { throw Problem.notFound("No webhook with id '\(idText)'.") }
            try Preconditions.check(ifMatch: ifMatch, version: hook.version)
            for delivery in state.read({ $0.deliveriesByHook[hook.id] ?? [] }) {
                context.append(type: WebhooksState.deliveryType, id: delivery.description, op: .delete, data: [])
            }
            context.append(type: WebhooksState.webhookType, id: hook.id.description, op: .delete, data: [])
        }
    }

    /// The hook's deliveries, newest first.
    func deliveries(_ idText: String, query: QueryParameters) throws -> Page<WebhookDelivery> {
        let hook = try webhook(idText)
        let paging = try PageParameters(query)
        let before = try paging.cursorId(as: DeliveryID.self)
        return state.read { tables in
            let ids = (tables.deliveriesByHook[hook.id] ?? []).reversed().filter { before == nil || $0 < before! }
            let page = ids.prefix(paging.limit).compactMap { tables.deliveries[$0] }
            let next = ids.count > paging.limit ? page.last.map { Cursor.encode(sortKey: "", id: $0.id.description) } : nil
            return Page(data: page, nextCursor: next)
        }
    }

    /// Queues a `ping` delivery to the hook (also when inactive: the attempt then records why it was not sent).
    func test(_ idText: String, actor: String, requestId: String) async throws -> WebhookDelivery {
        let hook = try webhook(idText)
        let id = DeliveryID.make()
        let delivery = try await store.commit(actor: actor, requestId: requestId) { [state] context in
            guard state.hook(hook.id) != nil else { throw Problem.notFound("No webhook with id '\(idText)'.") }
            let now = Timestamp(millisecondsSinceEpoch: context.timestamp)
            let payload = WebhookPayload.bytes(delivery: id, event: WebhookEvent.ping, createdAt: now, entityId: hook.id.description, seq: nil, data: nil)
            let delivery = WebhookDelivery(id: id, webhookId: hook.id, event: WebhookEvent.ping, payload: payload, state: .pending,
                                           attempts: [], nextAttemptAt: now, createdAt: now)
            context.append(type: WebhooksState.deliveryType, id: id.description, op: .put, data: delivery.storedBytes)
            return delivery
        }
        await scheduled([(id, hook.id, delivery.createdAt)])
        return delivery
    }
}

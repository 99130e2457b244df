import CRMModel
import CRMStore
import Synchronization

/// Webhooks, their deliveries and the dispatcher's cursor in memory, rebuilt from `webhook`,
/// `webhook-delivery` and `webhook-cursor` records (none of them public feed types, so the
/// dispatcher never reacts to its own writes).
public final class WebhooksState: StoreState, @unchecked Sendable {
    static let webhookType = "webhook"
    static let deliveryType = "webhook-delivery"
    static let cursorType = "webhook-cursor"
    static let cursorId = "webhook-cursor"

    struct Tables {
        var hooks: [WebhookID: Webhook] = [:]
        var deliveries: [DeliveryID: WebhookDelivery] = [:]
        /// Each hook's deliveries, oldest first.
        var deliveriesByHook: [WebhookID: [DeliveryID]] = [:]
        /// Every public record up to this sequence number has its deliveries in the log.
        var cursor: UInt64?
    }

    private let tables = Mutex(Tables())

    public init() {}

    public func apply(_ records: [Record]) {
        for record in records {
            switch record.type {
            case Self.webhookType: applyWebhook(record)
            case Self.deliveryType: applyDelivery(record)
            case Self.cursorType:
                let after = (try? JSONParser().parse(record.data))?["after"]?.numberValue?.int64
                tables.withLock { $0.cursor = after.map { UInt64(max(0, $0)) } }
            default: continue
            }
        }
    }

    private func applyWebhook(_ record: Record) {
        guard let id = WebhookID(record.id) else { return }
        let hook = record.putObject.flatMap(Webhook.init(stored:))
        tables.withLock { $0.hooks[id] = hook }
    }

    private func applyDelivery(_ record: Record) {
        guard let id = DeliveryID(record.id) else { return }
        let delivery = record.putObject.flatMap(WebhookDelivery.init(stored:))
        tables.withLock { tables in
            if let delivery {
                if tables.deliveries.updateValue(delivery, forKey: id) == nil {
                    var list = tables.deliveriesByHook[delivery.webhookId, default: []]
                    if let later = list.last.flatMap({ $0 > id ? list.firstIndex { $0 > id } : nil }) {
                        list.insert(id, at: later)
                    } else {
                        list.append(id)
                    }
                    tables.deliveriesByHook[delivery.webhookId] = list
                }
            } else if let old = tables.deliveries.removeValue(forKey: id) {
                tables.deliveriesByHook[old.webhookId]?.removeAll { $0 == id }
                if tables.deliveriesByHook[old.webhookId]?.isEmpty == true { tables.deliveriesByHook[old.webhookId] = nil }
            }
        }
    }

    public func reset() {
        tables.withLock { $0 = Tables() }
    }

    /// The delivery records whose payload names any of `entityIds` (for erase: a payload is a copy of
    /// the entity). A scan of the kept deliveries (at most 500 per hook); erasing is rare.
    public func deliveryRecords(mentioning entityIds: [String]) -> [(type: String, id: String)] {
        let needles = entityIds.map { Array("\"\($0)\"".utf8) }
        return tables.withLock { tables in
            tables.deliveries.values.filter { delivery in
                needles.contains { needle in delivery.payload.firstRange(of: needle) != nil }
            }.map { (Self.deliveryType, $0.id.description) }
        }
    }

    func read<Value>(_ body: (borrowing Tables) -> Value) -> Value {
        tables.withLock { body($0) }
    }

    func hook(_ id: WebhookID) -> Webhook? { tables.withLock { $0.hooks[id] } }
    func delivery(_ id: DeliveryID) -> WebhookDelivery? { tables.withLock { $0.deliveries[id] } }
    var cursor: UInt64? { tables.withLock { $0.cursor } }
    var hasHooks: Bool { tables.withLock { !$0.hooks.isEmpty } }
    var activeHooks: [Webhook] { tables.withLock { $0.hooks.values.filter(\.fields.active).sorted { $0.id < $1.id } } }

    /// Every pending delivery with its hook and due time (to resume after a start).
    /// How many deliveries are waiting to be sent (the webhook queue depth).
    public var pendingCount: Int { tables.withLock { $0.deliveries.values.count { $0.state == .pending } } }

    var pending: [(id: DeliveryID, hook: WebhookID, due: Timestamp)] {
        tables.withLock { tables in
            tables.deliveries.values.filter { $0.state == .pending }
                .map { ($0.id, $0.webhookId, $0.nextAttemptAt ?? $0.createdAt) }
        }
    }
}

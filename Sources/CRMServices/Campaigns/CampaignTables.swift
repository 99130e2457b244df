import CRMModel
import CRMStore

/// Segments, campaigns, their messages, progress and events in memory with their indexes; changed
/// only by `CampaignsState.apply`, in log order. Records may arrive in any order after a compaction
/// (each entity's last record is replayed in log order: a message's progress or a campaign's last
/// version can come before or after the message), so derived facts — which messages are queued,
/// how many of a campaign's are pending — are worked out from whatever is present, per message.
struct CampaignTables {
    var segments: [SegmentID: Segment] = [:]
    var segmentOrder = OrderedIndex<SegmentID>()
    var campaigns: [CampaignID: Campaign] = [:]
    var campaignOrder = OrderedIndex<CampaignID>()
    var messages: [DeliveryID: CampaignMessage] = [:]
    var progress: [DeliveryID: DeliveryProgress] = [:]
    var byCampaign: [CampaignID: OrderedIndex<DeliveryID>] = [:]
    var byContact: [ContactID: Set<DeliveryID>] = [:]
    /// Messages whose stored state is queued, per transport (`outbox`, `webhook`), oldest first.
    var queues: [String: OrderedIndex<DeliveryID>] = [:]
    /// Claimed messages and when their lease ends (milliseconds).
    var leases: [DeliveryID: Int64] = [:]
    /// Queued or claimed messages per campaign (a running campaign completes when none is left).
    var pendingCount: [CampaignID: Int] = [:]
    var events: [CampaignEventID: CampaignEvent] = [:]
    var eventsByDelivery: [DeliveryID: [CampaignEventID]] = [:]
    var eventsByContact: [ContactID: Set<CampaignEventID>] = [:]
    /// The audience of each campaign whose launch is still writing deliveries, by part number.
    var audiences: [CampaignID: [Int: [ContactID]]] = [:]
    /// The key of tracking tokens (see `TrackingTokens`).
    var trackingSecret: [UInt8]?

    // MARK: Messages and their progress

    /// Where a message stands for the queue: its campaign, transport and stored state.
    private func standing(_ id: DeliveryID) -> (campaign: CampaignID, transport: String, state: DeliveryStatus)? {
        guard let message = messages[id] else { return nil }
        return (message.campaignId, message.transport, progress[id]?.state ?? .queued)
    }

    /// Runs `change` and moves the message in the queue, the lease table and its campaign's
    /// pending count to match.
    private mutating func updating(_ id: DeliveryID, _ change: (inout CampaignTables) -> Void) {
        let before = standing(id)
        change(&self)
        let after = standing(id)
        if let before {
            if before.state == .queued { queues[before.transport]?.remove(id) }
            if before.state.isPending { pendingCount[before.campaign, default: 0] -= 1 }
        }
        leases[id] = nil
        if let after {
            if after.state == .queued { queues[after.transport, default: OrderedIndex()].insert(id) }
            if after.state.isPending { pendingCount[after.campaign, default: 0] += 1 }
            if after.state == .claimed { leases[id] = progress[id]?.leaseExpiresAt?.millisecondsSinceEpoch ?? 0 }
        }
    }

    mutating func put(_ message: CampaignMessage) {
        updating(message.id) { tables in
            let old = tables.messages.updateValue(message, forKey: message.id)
            if let contact = old?.contactId, contact != message.contactId {
                tables.byContact[contact]?.remove(message.id)
                if tables.byContact[contact]?.isEmpty == true { tables.byContact[contact] = nil }
            }
            if let old, old.campaignId != message.campaignId { tables.byCampaign[old.campaignId]?.remove(message.id) }
            if old?.campaignId != message.campaignId { tables.byCampaign[message.campaignId, default: OrderedIndex()].insert(message.id) }
            if let contact = message.contactId { tables.byContact[contact, default: []].insert(message.id) }
        }
    }

    mutating func removeMessage(_ id: DeliveryID) {
        updating(id) { tables in
            guard let old = tables.messages.removeValue(forKey: id) else { return }
            tables.byCampaign[old.campaignId]?.remove(id)
            if let contact = old.contactId { tables.byContact[contact]?.remove(id) }
        }
    }

    mutating func put(_ record: DeliveryProgress) {
        updating(record.deliveryId) { $0.progress[record.deliveryId] = record }
    }

    mutating func removeProgress(of id: DeliveryID) {
        updating(id) { $0.progress[id] = nil }
    }

    // MARK: Events

    mutating func put(_ event: CampaignEvent) {
        if let old = events[event.id] { remove(old) }
        events[event.id] = event
        eventsByDelivery[event.deliveryId, default: []].append(event.id)
        if let contact = event.contactId { eventsByContact[contact, default: []].insert(event.id) }
    }

    mutating func remove(_ event: CampaignEvent) {
        events[event.id] = nil
        eventsByDelivery[event.deliveryId]?.removeAll { $0 == event.id }
        if eventsByDelivery[event.deliveryId]?.isEmpty == true { eventsByDelivery[event.deliveryId] = nil }
        if let contact = event.contactId { eventsByContact[contact]?.remove(event.id) }
    }

    /// What the message's events add up to.
    func engagement(of id: DeliveryID) -> DeliveryEngagement {
        DeliveryEngagement((eventsByDelivery[id] ?? []).compactMap { events[$0] })
    }

    /// Lead-score points of a contact from its campaign events (0–10).
    func leadScorePoints(of contact: ContactID) -> Int {
        var byDelivery: [DeliveryID: DeliveryEngagement] = [:]
        for id in eventsByContact[contact] ?? [] {
            guard let event = events[id] else { continue }
            byDelivery[event.deliveryId, default: DeliveryEngagement()].record(event)
        }
        return min(10, byDelivery.values.reduce(0) { $0 + $1.leadScorePoints })
    }

    /// The status a message shows at `now`.
    func status(of id: DeliveryID, now: Timestamp) -> DeliveryStatus {
        engagement(of: id).status(stored: progress[id], now: now)
    }
}

import CRMModel
import CRMRouter
import CRMStore

/// The outbox (SPEC §3): a sender claims queued messages with a lease, sends them, and reports a
/// result per message. A claim whose lease ran out unanswered is handed out again by a later
/// claim (lazily: expired leases are looked at first, oldest message first); a result for it is
/// still taken until then. Only messages of running campaigns are handed out; an expired claim
/// of a cancelled campaign becomes `cancelled`, and so does a message whose contact was deleted
/// or erased since it was rendered (it is never sent).
extension CampaignsService {
    /// A message handed to a sender: what to send and until when it is theirs.
    struct Claim: Sendable {
        var message: CampaignMessage
        var leaseExpiresAt: Timestamp
        var claims: Int
    }

    /// `{limit, leaseSeconds}`: limit 1–500 (default 10), leaseSeconds 1–3600 (default 60).
    func claim(_ body: JSONObject, actor: String, requestId: String) async throws -> [Claim] {
        var reader = ObjectReader(body)
        let limit = reader.int("limit", in: 1...500) ?? 10
        let seconds = reader.int("leaseSeconds", in: 1...3600) ?? 60
        try reader.finish()
        return try await claim(limit: limit, lease: .seconds(seconds), transport: CampaignFields.Transport.outbox.name,
                               actor: actor, requestId: requestId)
    }

    func claim(limit: Int, lease: Duration, transport: String, actor: String, requestId: String) async throws -> [Claim] {
        try await store.commit(actor: actor, requestId: requestId) { [state] context in
            let now = Timestamp(millisecondsSinceEpoch: context.timestamp)
            let candidates: [(CampaignMessage, DeliveryProgress?, Campaign?)] = state.read { tables in
                var ids = tables.leases.filter { $0.value <= now.millisecondsSinceEpoch }.keys.sorted()
                tables.queues[transport]?.forEach { id in
                    ids.append(id)
                    return ids.count < limit * 4 + 64
                }
                return ids.compactMap { id in
                    guard let message = tables.messages[id], message.transport == transport else { return nil }
                    return (message, tables.progress[id], tables.campaigns[message.campaignId])
                }
            }
            var claimed: [Claim] = []
            for (message, stored, campaign) in candidates where claimed.count < limit {
                let recipientGone = message.contactId.map { !state.contacts.contains($0) } ?? true
                guard campaign?.status == .running, !recipientGone else {
                    if campaign?.status == .cancelled || campaign == nil || recipientGone {
                        let cancelled = DeliveryProgress(deliveryId: message.id, state: .cancelled, claims: stored?.claims ?? 0,
                                                         detail: stored?.detail, updatedAt: now)
                        context.append(type: CampaignsState.progressType, id: DeliveryProgress.entityId(of: message.id), op: .put,
                                       data: cancelled.storedBytes)
                    }
                    continue
                }
                let progress = DeliveryProgress(deliveryId: message.id, state: .claimed, leaseExpiresAt: now + lease,
                                                claims: (stored?.claims ?? 0) + 1, detail: stored?.detail, updatedAt: now)
                context.append(type: CampaignsState.progressType, id: DeliveryProgress.entityId(of: message.id), op: .put, data: progress.storedBytes)
                claimed.append(Claim(message: message, leaseExpiresAt: now + lease, claims: progress.claims))
            }
            return claimed
        }
    }

    /// `{status: sent|bounced|failed, detail?}` for a claimed message (404 unknown; 409 when it is
    /// not claimed: still queued, cancelled, or its result is in).
    func report(_ idText: String, body: JSONObject, actor: String, requestId: String) async throws -> DeliveryView {
        enum Outcome: String, CaseIterable { case sent, bounced, failed }
        var reader = ObjectReader(body)
        let outcome = reader.enumValue("status", as: Outcome.self, required: true)
        let detail = reader.string("detail", maxLength: 1000)
        try reader.finish()
        guard let id = DeliveryID(idText), let outcome, let status = DeliveryStatus(rawValue: outcome.rawValue) else {
            throw Problem.notFound("No campaign delivery with id '\(idText)'.")
        }
        try await record(status, detail: detail, for: id, actor: actor, requestId: requestId)
        return try delivery(id)
    }

    /// Commits a sender's result for a claimed message.
    func record(_ status: DeliveryStatus, detail: String?, for id: DeliveryID, actor: String, requestId: String,
                retryAfter: Duration? = nil) async throws {
        try await store.commit(actor: actor, requestId: requestId) { [state] context in
            guard state.message(id) != nil else { throw Problem.notFound("No campaign delivery with id '\(id)'.") }
            let stored = state.read { $0.progress[id] }
            guard let stored, stored.state == .claimed else {
                throw Problem.conflict("Delivery \(id) is \(stored?.state.rawValue ?? "queued"), not claimed; only a claimed message takes a result.")
            }
            let now = Timestamp(millisecondsSinceEpoch: context.timestamp)
            var next = stored
            next.detail = detail
            next.updatedAt = now
            if let retryAfter {
                next.leaseExpiresAt = now + retryAfter
            } else {
                next.state = status
                next.leaseExpiresAt = nil
            }
            context.append(type: CampaignsState.progressType, id: DeliveryProgress.entityId(of: id), op: .put, data: next.storedBytes)
        }
    }
}

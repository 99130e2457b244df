import CRMModel
import CRMRouter
import CRMStore

/// The rest of a campaign's life after launch: cancelling, and completing once every message has
/// a result.
///
/// Cancel (`POST /v1/campaigns/{id}/cancel`) works from draft, scheduled or running (409 from
/// completed or cancelled): the campaign becomes `cancelled` with `cancelledAt`, a launch still
/// writing stops, and its queued messages become `cancelled` — 2,000 per commit, so a large
/// backlog does not hold the writer; nothing of a cancelled campaign is handed out meanwhile.
/// Claimed messages keep their lease: their sender may report a result; an unanswered one becomes
/// `cancelled` when its lease ends. A crash midway is finished by the scheduler.
extension CampaignsService {
    static let sweepBatch = 2_000

    func cancel(_ idText: String, ifMatch: Int?, actor: String, requestId: String) async throws -> Campaign {
        guard let id = CampaignID(idText) else { throw Self.notFound(idText) }
        let cancelled = try await store.commit(actor: actor, requestId: requestId) { [state] context in
            guard let stored = state.campaign(id) else { throw Self.notFound(idText) }
            try Preconditions.check(ifMatch: ifMatch, version: stored.version)
            guard stored.status.isEditable || stored.status == .running else {
                throw Problem.conflict("Campaign \(id) is \(stored.status.rawValue) already; only a draft, scheduled or running campaign can be cancelled.")
            }
            let now = Timestamp(millisecondsSinceEpoch: context.timestamp)
            let updated = stored.revised(at: now) { campaign in
                campaign.status = .cancelled
                campaign.cancelledAt = now
                campaign.isLaunching = false
            }
            for part in state.read({ Array(($0.audiences[id] ?? [:]).keys) }) {
                context.append(type: CampaignsState.audienceType, id: CampaignsState.audienceId(id, part: part), op: .delete, data: [])
            }
            context.append(type: CampaignsState.campaignType, id: id.description, op: .put, data: updated.jsonBytes)
            return updated
        }
        try await sweep(id)
        return state.campaign(id) ?? cancelled
    }

    /// Turns a cancelled campaign's queued (and expired claimed) messages into `cancelled`.
    func sweep(_ id: CampaignID) async throws {
        while true {
            let swept = try await store.commit(actor: "system", requestId: "campaign-cancel") { [state] context in
                guard state.campaign(id)?.status == .cancelled else { return 0 }
                let now = Timestamp(millisecondsSinceEpoch: context.timestamp)
                let open = state.openMessages(of: id, at: now, limit: Self.sweepBatch)
                for (messageId, stored) in open {
                    let progress = DeliveryProgress(deliveryId: messageId, state: .cancelled, claims: stored?.claims ?? 0,
                                                    detail: stored?.detail, updatedAt: now)
                    context.append(type: CampaignsState.progressType, id: DeliveryProgress.entityId(of: messageId), op: .put,
                                   data: progress.storedBytes)
                }
                return open.count
            }
            if swept < Self.sweepBatch { return }
        }
    }

    /// Marks `id` completed when it runs, its launch is written and no message waits for a sender.
    func completeIfDone(_ id: CampaignID) async throws {
        try await store.commit(actor: "system", requestId: "campaign-complete") { [state] context in
            guard let stored = state.campaign(id), stored.status == .running, !stored.isLaunching, state.pendingCount(of: id) == 0 else { return }
            let now = Timestamp(millisecondsSinceEpoch: context.timestamp)
            let updated = stored.revised(at: now) { campaign in
                campaign.status = .completed
                campaign.completedAt = now
            }
            context.append(type: CampaignsState.campaignType, id: id.description, op: .put, data: updated.jsonBytes)
        }
    }
}

extension CampaignsState {
    /// Messages of the campaign still queued, or claimed with a lease ended before `now`.
    func openMessages(of id: CampaignID, at now: Timestamp, limit: Int) -> [(DeliveryID, DeliveryProgress?)] {
        read { tables in
            var found: [(DeliveryID, DeliveryProgress?)] = []
            guard (tables.pendingCount[id] ?? 0) > 0 else { return found }
            tables.byCampaign[id]?.forEach { messageId in
                let stored = tables.progress[messageId]
                let state = stored?.state ?? .queued
                if state == .queued || (state == .claimed && (stored?.leaseExpiresAt ?? now) <= now) { found.append((messageId, stored)) }
                return found.count < limit
            }
            return found
        }
    }

    func pendingCount(of id: CampaignID) -> Int {
        read { $0.pendingCount[id] ?? 0 }
    }
}

import CRMModel
import CRMRouter
import CRMSegments
import CRMStore
import Synchronization

/// Launches a campaign (SPEC §3) without holding the store's writer for long, and so that a crash
/// at any point is finished on the next start (resumable, not all-or-nothing):
///
/// 1. The audience is resolved once, outside the writer (`ContactsState.audience`).
/// 2. One commit makes the campaign `running` (`launchedAt`, `recipientCount`, `launching: true`)
///    and stores the audience's contact ids (`campaign-audience` parts of 5,000), after checking that
///    the campaign is still the version resolved (else 409) and still launchable.
/// 3. Messages are rendered and written `launchBatchSize` (500) per commit; each commit checks that
///    the campaign still runs and that every contact still exists and has no message yet.
/// 4. A last commit sets `launching: false`, the final `recipientCount`, and deletes the parts.
///
/// Messages are claimable as soon as their batch commits. After a crash the campaign is found
/// `launching` at start and step 3 goes on with the stored audience's contacts that have no
/// message yet; the variant of each is the same (it is a hash). An empty audience completes the
/// campaign at once.
final class CampaignLauncher: Sendable {
    let store: Store
    let state: CampaignsState
    let settings: CampaignSettings
    /// Campaigns whose deliveries this process is writing now.
    private let writing = Mutex<Set<CampaignID>>([])

    init(store: Store, state: CampaignsState, settings: CampaignSettings) {
        self.store = store
        self.state = state
        self.settings = settings
    }

    /// Launches `id` and returns once every message is queued. `dueBy`: only a `scheduled`
    /// campaign whose `scheduledAt` is at or before it (the scheduler's launch).
    func launch(_ id: CampaignID, actor: String, requestId: String, dueBy: Timestamp? = nil) async throws -> Campaign {
        guard let campaign = state.campaign(id) else { throw CampaignsService.notFound(id.description) }
        try Self.checkLaunchable(campaign)
        guard take(id) else { throw Problem.conflict("Campaign \(id) is being launched already.") }
        defer { release(id) }
        let filter = try audienceFilter(of: campaign)
        let audience = state.contacts.audience(of: filter.bound(now: Timestamp.now()), channel: campaign.fields.channel)
        let newKey = state.trackingSecret == nil ? TrackingTokens.makeKey() : nil
        let partSize = settings.audiencePartSize
        let started = try await store.commit(actor: actor, requestId: requestId) { [state] context in
            guard let stored = state.campaign(id) else { throw CampaignsService.notFound(id.description) }
            try Self.checkLaunchable(stored)
            if let dueBy, stored.status != .scheduled || (stored.fields.scheduledAt ?? dueBy) > dueBy {
                throw Problem.conflict("Campaign \(id) is not due.")
            }
            guard stored.version == campaign.version else {
                throw Problem.conflict("Campaign \(id) changed while its audience was resolved; launch it again.")
            }
            if let newKey, state.trackingSecret == nil {
                context.append(type: CampaignsState.secretType, id: CampaignsState.secretId, op: .put,
                               data: Array(#"{"secret":"\#(KeyDigest.hex(newKey))"}"#.utf8))
            }
            let now = Timestamp(millisecondsSinceEpoch: context.timestamp)
            let updated = stored.revised(at: now) { campaign in
                campaign.status = audience.isEmpty ? .completed : .running
                campaign.launchedAt = now
                campaign.completedAt = audience.isEmpty ? now : nil
                campaign.recipientCount = audience.count
                campaign.isLaunching = !audience.isEmpty
            }
            for (part, start) in stride(from: 0, to: audience.count, by: partSize).enumerated() {
                var writer = JSONWriter(reservingCapacity: 32 * partSize)
                writer.beginObject()
                writer.field("campaignId", id)
                writer.field("part", part)
                writer.field("contactIds", audience[start..<min(start + partSize, audience.count)].map(\.description))
                writer.endObject()
                context.append(type: CampaignsState.audienceType, id: CampaignsState.audienceId(id, part: part), op: .put, data: writer.bytes)
            }
            context.append(type: CampaignsState.campaignType, id: id.description, op: .put, data: updated.jsonBytes)
            return updated
        }
        if started.isLaunching { try await writeDeliveries(of: id) }
        return state.campaign(id) ?? started
    }

    /// Finishes a launch that a crash interrupted (nothing when it is being written already).
    func resume(_ id: CampaignID) async throws {
        guard take(id) else { return }
        defer { release(id) }
        try await writeDeliveries(of: id)
    }

    static func checkLaunchable(_ campaign: Campaign) throws(Problem) {
        guard campaign.status.isEditable else {
            throw Problem.conflict("Campaign \(campaign.id) is \(campaign.status.rawValue); only a draft or scheduled campaign can be launched, once.")
        }
    }

    /// The filter whose members are the audience: the segment's (422 when it is gone) or the campaign's own.
    private func audienceFilter(of campaign: Campaign) throws -> SegmentFilter {
        switch campaign.fields.audience {
        case .filter(let filter): return filter
        case .segment(let segmentId):
            guard let segment = state.segment(segmentId) else {
                throw FieldErrors([.invalidValue("segmentId", "the segment \(segmentId) no longer exists; choose another")])
            }
            return segment.fields.filter
        }
    }

    /// Steps 3 and 4: the stored audience's contacts without a message get one, batch by batch.
    private func writeDeliveries(of id: CampaignID) async throws {
        let plan: (Campaign, [ContactID])? = state.read { tables in
            guard let campaign = tables.campaigns[id], campaign.status == .running, campaign.isLaunching else { return nil }
            let parts = tables.audiences[id] ?? [:]
            var done = Set<ContactID>()
            tables.byCampaign[id]?.forEach { delivery in
                if let contact = tables.messages[delivery]?.contactId { done.insert(contact) }
                return true
            }
            return (campaign, parts.keys.sorted().flatMap { parts[$0] ?? [] }.filter { !done.contains($0) })
        }
        guard let (campaign, remaining) = plan, let key = state.trackingSecret else { return }
        let renderer = try MessageRenderer(campaign: campaign, tokens: TrackingTokens(key: key), baseURL: settings.baseURL)
        for start in stride(from: 0, to: remaining.count, by: settings.launchBatchSize) {
            let now = Timestamp.now()
            let messages = remaining[start..<min(start + settings.launchBatchSize, remaining.count)].compactMap { contactId in
                state.contacts.contact(contactId).flatMap { renderer.render($0, id: DeliveryID.make(), at: now) }
            }
            let goesOn = try await store.commit(actor: "system", requestId: "campaign-launch") { [state] context in
                guard let stored = state.campaign(id), stored.status == .running, stored.isLaunching else { return false }
                for message in messages {
                    guard let contact = message.contactId, state.contacts.contains(contact), !state.hasMessage(in: id, for: contact) else { continue }
                    context.append(type: CampaignsState.messageType, id: message.id.description, op: .put, data: message.storedBytes)
                }
                return true
            }
            guard goesOn else { return }
        }
        try await store.commit(actor: "system", requestId: "campaign-launch") { [state] context in
            guard let stored = state.campaign(id), stored.status == .running, stored.isLaunching else { return }
            let (count, parts) = state.read { tables in (tables.byCampaign[id]?.count ?? 0, Array((tables.audiences[id] ?? [:]).keys)) }
            let updated = stored.revised(at: Timestamp(millisecondsSinceEpoch: context.timestamp)) { campaign in
                campaign.isLaunching = false
                campaign.recipientCount = count
            }
            for part in parts { context.append(type: CampaignsState.audienceType, id: CampaignsState.audienceId(id, part: part), op: .delete, data: []) }
            context.append(type: CampaignsState.campaignType, id: id.description, op: .put, data: updated.jsonBytes)
        }
    }

    private func take(_ id: CampaignID) -> Bool {
        writing.withLock { $0.insert(id).inserted }
    }

    private func release(_ id: CampaignID) {
        _ = writing.withLock { $0.remove(id) }
    }
}

extension CampaignsState {
    /// Whether `contact` already has a message of `campaign`.
    func hasMessage(in campaign: CampaignID, for contact: ContactID) -> Bool {
        read { tables in (tables.byContact[contact] ?? []).contains { tables.messages[$0]?.campaignId == campaign } }
    }
}

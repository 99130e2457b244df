import CRMHTTP
import CRMModel
import CRMRouter
import CRMStore

/// Campaigns' business rules (SPEC §3): create, read, list, change and delete — changes and deletes
/// only while `draft` or `scheduled` (409 otherwise). Setting `scheduledAt` makes a draft
/// `scheduled`, clearing it makes it a draft again; a new `scheduledAt` may not lie more than a
/// minute in the past (422). A named segment must exist when the campaign is saved.
/// Launching, cancelling, the outbox, events and stats are in the other `CampaignsService+…` files.
public final class CampaignsService: Sendable {
    let store: Store
    let state: CampaignsState
    let settings: CampaignSettings
    let launcher: CampaignLauncher

    init(store: Store, state: CampaignsState, settings: CampaignSettings, launcher: CampaignLauncher) {
        self.store = store
        self.state = state
        self.settings = settings
        self.launcher = launcher
    }

    func create(_ body: JSONObject, actor: String, requestId: String) async throws -> Campaign {
        let fields = try CampaignFields.read(from: body, policy: settings.policy)
        try Self.checkSchedule(fields.scheduledAt, was: nil)
        let id = CampaignID.make()
        return try await store.commit(actor: actor, requestId: requestId) { [state] context in
            try state.checkSegment(of: fields)
            let campaign = Campaign(id: id, fields: fields, createdAt: Timestamp(millisecondsSinceEpoch: context.timestamp))
            context.append(type: CampaignsState.campaignType, id: id.description, op: .put, data: campaign.jsonBytes)
            return campaign
        }
    }

    func campaign(_ idText: String) throws -> Campaign {
        guard let id = CampaignID(idText), let campaign = state.campaign(id) else { throw Self.notFound(idText) }
        return campaign
    }

    /// Campaigns oldest first; `status` filters (one or a comma list).
    func list(_ query: QueryParameters) throws -> Page<Campaign> {
        let paging = try PageParameters(query, others: ["status", "channel"])
        let after = try paging.cursorId(as: CampaignID.self)
        let statuses = try query.values("status", of: CampaignStatus.self, skippingEmpty: true)
        let channel = try query["channel"].map { text throws(Problem) -> CampaignChannel in
            guard let channel = CampaignChannel(rawValue: text) else { throw Problem.badRequest("channel must be email or sms.") }
            return channel
        }
        return state.read { tables in
            var found: [Campaign] = []
            tables.campaignOrder.forEach(after: after) { id in
                guard let campaign = tables.campaigns[id] else { return true }
                if (statuses.isEmpty || statuses.contains(campaign.status)) && (channel == nil || campaign.fields.channel == channel) {
                    found.append(campaign)
                }
                return found.count <= paging.limit
            }
            let page = Array(found.prefix(paging.limit))
            let next = found.count > paging.limit ? page.last.map { Cursor.encode(sortKey: "", id: $0.id.description) } : nil
            return Page(data: page, nextCursor: next)
        }
    }

    func update(_ idText: String, patch: JSONObject, ifMatch: Int?, actor: String, requestId: String) async throws -> Campaign {
        try MergePatch.rejectReadOnly(CampaignFields.readOnlyKeys, in: patch)
        let current = try campaign(idText)
        try Self.checkEditable(current)
        let merged = MergePatch.apply(patch: patch, to: current.fields.jsonObject)
        let fields = try CampaignFields.read(from: merged, policy: settings.policy)
        try Self.checkSchedule(fields.scheduledAt, was: current.fields.scheduledAt)
        return try await store.commit(actor: actor, requestId: requestId) { [state] context in
            guard let stored = state.campaign(current.id) else { throw Self.notFound(idText) }
            try Preconditions.check(ifMatch: ifMatch, version: stored.version)
            try Self.checkEditable(stored)
            guard fields != stored.fields else { return stored }
            try state.checkSegment(of: fields)
            let updated = stored.revised(at: Timestamp(millisecondsSinceEpoch: context.timestamp)) { campaign in
                campaign.fields = fields
                campaign.status = fields.scheduledAt == nil ? .draft : .scheduled
            }
            context.append(type: CampaignsState.campaignType, id: updated.id.description, op: .put, data: updated.jsonBytes)
            return updated
        }
    }

    func delete(_ idText: String, ifMatch: Int?, actor: String, requestId: String) async throws {
        guard let id = CampaignID(idText) else { throw Self.notFound(idText) }
        try await store.commit(actor: actor, requestId: requestId) { [state] context in
            guard let stored = state.campaign(id) else { throw Self.notFound(idText) }
            try Preconditions.check(ifMatch: ifMatch, version: stored.version)
            try Self.checkEditable(stored)
            context.append(type: CampaignsState.campaignType, id: id.description, op: .delete, data: [])
        }
    }

    static func checkEditable(_ campaign: Campaign) throws(Problem) {
        guard campaign.status.isEditable else {
            throw Problem.conflict("Campaign \(campaign.id) is \(campaign.status.rawValue); only draft or scheduled campaigns can be changed or deleted.")
        }
    }

    /// A new `scheduledAt` may be at most a minute in the past (a typo should not launch at once).
    static func checkSchedule(_ scheduledAt: Timestamp?, was previous: Timestamp?) throws(FieldErrors) {
        guard let scheduledAt, scheduledAt != previous, scheduledAt < Timestamp.now() - .seconds(60) else { return }
        throw FieldErrors([.invalidValue("scheduledAt", "is in the past; schedule a time from now on (or launch the campaign now)")])
    }

    static func notFound(_ idText: String) -> Problem {
        Problem.notFound("No campaign with id '\(idText)'.")
    }
}

extension CampaignsState {
    /// 422 when the campaign names a segment that does not exist.
    func checkSegment(of fields: CampaignFields) throws(FieldErrors) {
        guard let id = fields.segmentId, segment(id) == nil else { return }
        throw FieldErrors([.invalidValue("segmentId", "no segment has the id \(id)")])
    }
}

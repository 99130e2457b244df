import CRMModel
import CRMRouter

/// One campaign message as `GET /v1/campaigns/{id}/deliveries` shows it: the rendered message, the
/// status it shows now (`DeliveryEngagement.status`), the lease, the sender's detail, and the first
/// open, click and conversion.
struct DeliveryView: Sendable {
    var message: CampaignMessage
    var progress: DeliveryProgress?
    var engagement: DeliveryEngagement
    var status: DeliveryStatus

    init(message: CampaignMessage, progress: DeliveryProgress?, engagement: DeliveryEngagement, now: Timestamp) {
        self.message = message
        self.progress = progress
        self.engagement = engagement
        self.status = engagement.status(stored: progress, now: now)
    }

    /// The delivery as JSON; with `events`, an `events` array of them too (the privacy export).
    func write(to writer: inout JSONWriter, events: [CampaignEvent]? = nil) {
        writer.beginObject()
        writer.field("id", message.id)
        writer.field("campaignId", message.campaignId)
        writer.field("contactId", message.contactId)
        writer.field("variant", message.variant)
        writer.field("channel", message.channel.rawValue)
        writer.field("to", message.to)
        writer.field("subject", message.subject)
        writer.field("body", message.body)
        writer.field("status", status.rawValue)
        writer.field("leaseExpiresAt", status == .claimed ? progress?.leaseExpiresAt : nil)
        writer.field("claims", progress?.claims ?? 0)
        writer.field("detail", progress?.detail)
        writer.field("openedAt", engagement.firstAt[.opened])
        writer.field("clickedAt", engagement.firstAt[.clicked])
        writer.field("convertedAt", engagement.firstAt[.converted])
        writer.field("createdAt", message.createdAt)
        writer.field("updatedAt", max(progress?.updatedAt ?? message.createdAt, message.createdAt))
        if let events { writer.field("events", events) { writer, event in event.write(to: &writer) } }
        writer.endObject()
    }
}

extension CampaignTables {
    func view(of id: DeliveryID, now: Timestamp) -> DeliveryView? {
        messages[id].map { DeliveryView(message: $0, progress: progress[id], engagement: engagement(of: id), now: now) }
    }
}

extension CampaignsService {
    func delivery(_ id: DeliveryID) throws -> DeliveryView {
        let now = Timestamp.now()
        guard let view = state.read({ $0.view(of: id, now: now) }) else { throw Problem.notFound("No campaign delivery with id '\(id)'.") }
        return view
    }

    /// The campaign's messages oldest first; `status` filters (one or a comma list of the shown status).
    func deliveries(_ idText: String, query: QueryParameters) throws -> Page<DeliveryView> {
        let campaign = try campaign(idText)
        let paging = try PageParameters(query, others: ["status", "variant"])
        let after = try paging.cursorId(as: DeliveryID.self)
        let statuses = try query.values("status", of: DeliveryStatus.self, skippingEmpty: true)
        let variant = query["variant"]
        let now = Timestamp.now()
        // Read a chunk of ids at a time (one read lock each), so a filter that matches little of a
        // large campaign does not hold up `apply`.
        var found: [DeliveryView] = []
        var position = after
        while found.count <= paging.limit {
            let ids = state.read { $0.byCampaign[campaign.id]?.elements(after: position, limit: 2_000) ?? [] }
            guard let last = ids.last else { break }
            state.read { tables in
                for id in ids where found.count <= paging.limit {
                    guard let view = tables.view(of: id, now: now) else { continue }
                    if (statuses.isEmpty || statuses.contains(view.status)) && (variant == nil || view.message.variant == variant) {
                        found.append(view)
                    }
                }
            }
            position = last
        }
        let page = Array(found.prefix(paging.limit))
        let next = found.count > paging.limit ? page.last.map { Cursor.encode(sortKey: "", id: $0.message.id.description) } : nil
        return Page(data: page, nextCursor: next)
    }
}

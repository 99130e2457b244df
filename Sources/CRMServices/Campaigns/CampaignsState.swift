import CRMModel
import CRMStore

/// The campaigns service's in-memory state — segments, campaigns, their messages, progress, events,
/// launch audiences and the tracking key — rebuilt from its records at start and kept current by
/// the same `apply` for live writes. Campaign events also move the lead score: after each commit
/// the points of every contact whose events changed are handed to the contacts state.
///
/// Record types: `segment`, `campaign` (public: changes feed, webhooks), `campaign-delivery` (a
/// rendered message, `dv_…`), `campaign-delivery-state` (its progress, `dv_…:state`),
/// `campaign-event` (`ce_…`), `campaign-audience` (a launch's audience while it is written,
/// `cp_…:audience:<n>`), `campaign-secret` (the tracking key).
public final class CampaignsState: StoreState, @unchecked Sendable {
    static let segmentType = "segment"
    static let campaignType = "campaign"
    static let messageType = "campaign-delivery"
    static let progressType = "campaign-delivery-state"
    static let eventType = "campaign-event"
    static let audienceType = "campaign-audience"
    static let secretType = "campaign-secret"
    static let secretId = "campaign-tracking-secret"

    let contacts: ContactsState
    private let tables = ReadWriteLocked(CampaignTables())

    public init(contacts: ContactsState) {
        self.contacts = contacts
    }

    public func apply(_ records: [Record]) {
        let decoded = records.compactMap { record -> (Record, JSONObject?)? in
            guard record.type.hasPrefix("campaign") || record.type == Self.segmentType else { return nil }
            return (record, record.putObject)
        }
        guard !decoded.isEmpty else { return }
        let touched: Set<ContactID> = tables.write { tables in
            var touched = Set<ContactID>()
            for (record, object) in decoded { Self.apply(record, object, to: &tables, touching: &touched) }
            return touched
        }
        guard !touched.isEmpty else { return }
        let points = tables.read { tables in
            Dictionary(uniqueKeysWithValues: touched.map { ($0, tables.leadScorePoints(of: $0)) })
        }
        contacts.setCampaignEngagement(points)
    }

    private static func apply(_ record: Record, _ object: JSONObject?, to tables: inout CampaignTables, touching touched: inout Set<ContactID>) {
        switch record.type {
        case segmentType:
            guard let id = SegmentID(record.id) else { return }
            if let segment = object.flatMap(Segment.init(stored:)) {
                if tables.segments.updateValue(segment, forKey: id) == nil { tables.segmentOrder.insert(id) }
            } else if tables.segments.removeValue(forKey: id) != nil {
                tables.segmentOrder.remove(id)
            }
        case campaignType:
            guard let id = CampaignID(record.id) else { return }
            if let campaign = object.flatMap(Campaign.init(stored:)) {
                if tables.campaigns.updateValue(campaign, forKey: id) == nil { tables.campaignOrder.insert(id) }
            } else if tables.campaigns.removeValue(forKey: id) != nil {
                tables.campaignOrder.remove(id)
            }
        case messageType:
            if let message = object.flatMap(CampaignMessage.init(stored:)) {
                tables.put(message)
            } else if let id = DeliveryID(record.id) {
                tables.removeMessage(id)
            }
        case progressType:
            if let progress = object.flatMap(DeliveryProgress.init(stored:)) {
                tables.put(progress)
            } else if let id = DeliveryID(String(record.id.prefix { $0 != ":" })) {
                tables.removeProgress(of: id)
            }
        case eventType:
            guard let id = CampaignEventID(record.id) else { return }
            if let old = tables.events[id] {
                if let contact = old.contactId { touched.insert(contact) }
                tables.remove(old)
            }
            if let event = object.flatMap(CampaignEvent.init(stored:)) {
                tables.put(event)
                if let contact = event.contactId { touched.insert(contact) }
            }
        case audienceType:
            applyAudience(record, object, to: &tables)
        case secretType:
            tables.trackingSecret = object?["secret"]?.stringValue.flatMap(TrackingTokens.bytes(hex:))
        default:
            return
        }
    }

    /// `{"campaignId", "part", "contactIds": [...]}`; a delete drops the part.
    private static func applyAudience(_ record: Record, _ object: JSONObject?, to tables: inout CampaignTables) {
        let pieces = record.id.split(separator: ":")
        guard pieces.count == 3, let campaign = CampaignID(String(pieces[0])), let part = Int(pieces[2]) else { return }
        if let ids = object?["contactIds"]?.arrayValue {
            tables.audiences[campaign, default: [:]][part] = ids.compactMap { $0.stringValue.flatMap(ContactID.init) }
        } else {
            tables.audiences[campaign]?[part] = nil
            if tables.audiences[campaign]?.isEmpty == true { tables.audiences[campaign] = nil }
        }
    }

    static func audienceId(_ campaign: CampaignID, part: Int) -> String { "\(campaign):audience:\(part)" }

    public func reset() {
        tables.write { $0 = CampaignTables() }
    }

    /// Runs `body` with a consistent view of every table.
    func read<Value>(_ body: (borrowing CampaignTables) -> Value) -> Value {
        tables.read { body($0) }
    }

    func segment(_ id: SegmentID) -> Segment? { tables.read { $0.segments[id] } }
    func campaign(_ id: CampaignID) -> Campaign? { tables.read { $0.campaigns[id] } }
    func message(_ id: DeliveryID) -> CampaignMessage? { tables.read { $0.messages[id] } }
    var trackingSecret: [UInt8]? { tables.read { $0.trackingSecret } }
}

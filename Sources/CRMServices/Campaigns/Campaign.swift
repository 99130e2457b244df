import CRMHTTP
import CRMModel

/// A marketing campaign as stored and served: the client's `fields` plus what the server keeps —
/// `status`, `launchedAt`, `completedAt`, `cancelledAt`, `recipientCount` (the audience size fixed
/// at launch), `launching` (true while its deliveries are still being written, see
/// `CampaignLauncher`). The stored record is the public view.
struct Campaign: Sendable, Equatable {
    var id: CampaignID
    var fields: CampaignFields
    var status: CampaignStatus
    var launchedAt: Timestamp?
    var completedAt: Timestamp?
    var cancelledAt: Timestamp?
    var recipientCount: Int?
    var isLaunching = false
    var createdAt: Timestamp
    var updatedAt: Timestamp
    var version: Int

    init(id: CampaignID, fields: CampaignFields, createdAt: Timestamp) {
        self.id = id
        self.fields = fields
        self.status = fields.scheduledAt == nil ? .draft : .scheduled
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.version = 1
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("id", id)
        fields.writeMembers(to: &writer)
        writer.field("status", status.rawValue)
        writer.field("launchedAt", launchedAt)
        writer.field("completedAt", completedAt)
        writer.field("cancelledAt", cancelledAt)
        writer.field("recipientCount", recipientCount)
        writer.field("launching", isLaunching)
        writer.field("createdAt", createdAt)
        writer.field("updatedAt", updatedAt)
        writer.field("version", version)
        writer.endObject()
    }

    var jsonBytes: [UInt8] {
        var writer = JSONWriter(reservingCapacity: 1024)
        write(to: &writer)
        return writer.bytes
    }

    /// The next version of this campaign, changed by `change` at commit time `now`.
    func revised(at now: Timestamp, _ change: (inout Campaign) -> Void) -> Campaign {
        var next = self
        change(&next)
        next.updatedAt = now
        next.version += 1
        return next
    }

    init?(stored object: JSONObject) {
        guard let id = object["id"]?.stringValue.flatMap(CampaignID.init),
              let status = object["status"]?.stringValue.flatMap(CampaignStatus.init(rawValue:)),
              let createdAt = object["createdAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)),
              let updatedAt = object["updatedAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)),
              let version = object["version"]?.numberValue?.int64 else { return nil }
        var writable = object
        for key in CampaignFields.readOnlyKeys { _ = writable.removeValue(forKey: key) }
        // Stored records were checked when written; the address policy applies to new input only.
        guard let fields = try? CampaignFields.read(from: writable, policy: OutboundAddressPolicy(allowsPrivate: true)) else { return nil }
        self.init(id: id, fields: fields, createdAt: createdAt)
        self.status = status
        self.launchedAt = object["launchedAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:))
        self.completedAt = object["completedAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:))
        self.cancelledAt = object["cancelledAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:))
        self.recipientCount = object["recipientCount"]?.numberValue?.int64.map { Int($0) }
        self.isLaunching = object["launching"]?.boolValue ?? false
        self.updatedAt = updatedAt
        self.version = Int(version)
    }
}

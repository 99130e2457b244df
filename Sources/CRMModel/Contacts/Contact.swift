/// One customer record as stored and served: the client-written `fields` plus what the server keeps
/// (id, timestamps, version). `activity` and `leadScore` are derived from interactions and the clock:
/// the API shows them, the contact's stored record does not hold them (see `storedBytes`).
public struct Contact: Sendable, Equatable {
    public var id: ContactID
    public var fields: ContactFields
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var version: Int
    /// Facts from the contact's interactions (kept beside the stored contact, not inside it).
    public var activity: ContactActivity
    /// `LeadScore` of the contact as of the last `score(at:)`.
    public var leadScore: Int
    /// Every lifecycle stage the contact was ever in, one bit per `LifecycleStage` case (the funnel
    /// reads it). Kept in the stored record, so compaction cannot lose it; `storedBytes` adds the
    /// current stage.
    public var stagesReached: UInt16 = 0
    /// The RFM scores, when the analytics service attached them (`GET /v1/contacts/{id}`).
    public var rfm: RFMScore?
    /// Lead-score points from campaign opens, clicks and conversions (0–10; kept by the campaigns state).
    public var campaignEngagement = 0

    public init(id: ContactID, fields: ContactFields, createdAt: Timestamp, updatedAt: Timestamp, version: Int = 1,
                activity: ContactActivity = ContactActivity()) {
        self.id = id
        self.fields = fields
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
        self.activity = activity
        self.leadScore = 0
    }

    public var lastInteractionAt: Timestamp? { activity.lastInteractionAt }

    public var leadScoreInputs: LeadScore.Inputs {
        LeadScore.Inputs(stage: fields.lifecycleStage, interactionCount: activity.interactionCount,
                         lastInteractionAt: activity.lastInteractionAt, campaignEngagement: campaignEngagement)
    }

    /// Sets `leadScore` from the current fields and activity, with recency measured to `now`.
    public mutating func score(at now: Timestamp) {
        leadScore = LeadScore.score(leadScoreInputs, now: now)
    }

    /// The contact as the API shows it, derived facts included.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("id", id)
        fields.writeMembers(to: &writer)
        writer.field("leadScore", leadScore)
        if let rfm {
            writer.key("rfm")
            rfm.write(to: &writer)
        }
        writer.field("lastInteractionAt", activity.lastInteractionAt)
        writer.field("interactionCount", activity.interactionCount)
        writer.key("purchases")
        activity.writePurchases(to: &writer)
        writer.field("createdAt", createdAt)
        writer.field("updatedAt", updatedAt)
        writer.field("version", version)
        writer.endObject()
    }

    public var jsonBytes: [UInt8] {
        var writer = JSONWriter(reservingCapacity: 640)
        write(to: &writer)
        return writer.bytes
    }

    /// The contact as the store keeps it: no derived facts, so replaying interactions rebuilds them
    /// and an update of the contact cannot overwrite them.
    public var storedBytes: [UInt8] {
        var writer = JSONWriter(reservingCapacity: 512)
        writeStored(to: &writer)
        return writer.bytes
    }

    /// Writes what `storedBytes` holds.
    public func writeStored(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("id", id)
        fields.writeMembers(to: &writer)
        writer.field("createdAt", createdAt)
        writer.field("updatedAt", updatedAt)
        writer.field("version", version)
        writer.field("stagesReached", Int(allStagesReached))
        writer.endObject()
    }

    /// `stagesReached` with the current stage.
    public var allStagesReached: UInt16 { stagesReached | Self.bit(fields.lifecycleStage) }

    public static func bit(_ stage: ContactFields.LifecycleStage) -> UInt16 {
        1 << UInt16(ContactFields.LifecycleStage.allCases.firstIndex(of: stage)!)
    }

    /// Reads back what `storedBytes` (or `jsonBytes`) produced; derived members are ignored.
    /// Nil when it is not a contact.
    public init?(stored object: JSONObject) {
        guard case .string(let idText)? = object["id"], let id = ContactID(idText),
              case .string(let created)? = object["createdAt"], let createdAt = Timestamp(rfc3339: created),
              case .string(let updated)? = object["updatedAt"], let updatedAt = Timestamp(rfc3339: updated),
              case .number(let version)? = object["version"], let versionNumber = version.int64 else { return nil }
        var writable = object
        for key in ContactFields.readOnlyKeys { _ = writable.removeValue(forKey: key) }
        guard let fields = try? ContactFields.read(from: writable) else { return nil }
        self.init(id: id, fields: fields, createdAt: createdAt, updatedAt: updatedAt, version: Int(versionNumber))
        if let reached = object["stagesReached"]?.numberValue?.int64, let bits = UInt16(exactly: reached) { stagesReached = bits }
        stagesReached = allStagesReached
    }
}

extension ContactFields {
    /// The writable fields as JSON members, in a fixed order (absent optionals are `null`).
    public func writeMembers(to writer: inout JSONWriter) {
        writer.field("email", email)
        writer.field("firstName", firstName)
        writer.field("lastName", lastName)
        writer.field("phone", phone)
        writer.field("company", company)
        writer.field("title", title)
        writer.key("address")
        if let address {
            writer.beginObject()
            writer.field("street", address.street)
            writer.field("city", address.city)
            writer.field("region", address.region)
            writer.field("postalCode", address.postalCode)
            writer.field("country", address.country)
            writer.endObject()
        } else {
            writer.null()
        }
        writer.key("socialHandles")
        writer.beginObject()
        for network in socialHandles.keys.sorted() { writer.key(network); writer.string(socialHandles[network]!) }
        writer.endObject()
        writer.field("preferredChannel", preferredChannel?.rawValue)
        writer.field("lifecycleStage", lifecycleStage.rawValue)
        writer.field("ownerId", ownerId)
        writer.field("tags", tags)
        writer.field("customFields", JSONValue.object(customFields))
        writer.key("consent")
        writer.beginObject()
        writer.field("email", consent.email)
        writer.field("sms", consent.sms)
        writer.endObject()
        writer.field("externalId", externalId)
    }
}

extension ContactFields: JSONMembersWriting {}

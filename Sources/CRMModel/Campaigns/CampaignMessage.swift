/// One rendered campaign message (a delivery, `dv_…`), written once at launch and never changed —
/// except by a merge (the contact moves) or an erase (anonymised: no contact, address, subject,
/// body or links). What happens to it later is a separate, small `DeliveryProgress` record, so the
/// rendered text is not written again with every status change.
public struct CampaignMessage: Sendable, Equatable {
    public var id: DeliveryID
    public var campaignId: CampaignID
    public var contactId: ContactID?
    public var variant: String
    public var channel: CampaignChannel
    /// `outbox` or `webhook`: which sender takes it.
    public var transport: String
    /// The email address or phone number it goes to.
    public var to: String?
    public var subject: String?
    public var body: String?
    /// The URLs a click on this message may redirect to (email only).
    public var links: [String]
    public var createdAt: Timestamp

    public init(id: DeliveryID, campaignId: CampaignID, contactId: ContactID?, variant: String, channel: CampaignChannel,
                transport: String, to: String?, subject: String?, body: String?, links: [String], createdAt: Timestamp) {
        self.id = id
        self.campaignId = campaignId
        self.contactId = contactId
        self.variant = variant
        self.channel = channel
        self.transport = transport
        self.to = to
        self.subject = subject
        self.body = body
        self.links = links
        self.createdAt = createdAt
    }

    /// The message without anything about the person (after an erase).
    public var anonymised: CampaignMessage {
        CampaignMessage(id: id, campaignId: campaignId, contactId: nil, variant: variant, channel: channel, transport: transport,
                        to: nil, subject: nil, body: nil, links: [], createdAt: createdAt)
    }

    public var storedBytes: [UInt8] {
        var writer = JSONWriter(reservingCapacity: 256 + (body?.utf8.count ?? 0))
        writer.beginObject()
        writer.field("id", id)
        writer.field("campaignId", campaignId)
        writer.field("contactId", contactId)
        writer.field("variant", variant)
        writer.field("channel", channel.rawValue)
        writer.field("transport", transport)
        writer.field("to", to)
        writer.field("subject", subject)
        writer.field("body", body)
        writer.field("links", links)
        writer.field("createdAt", createdAt)
        writer.endObject()
        return writer.bytes
    }

    public init?(stored object: JSONObject) {
        guard let id = object["id"]?.stringValue.flatMap(DeliveryID.init),
              let campaignId = object["campaignId"]?.stringValue.flatMap(CampaignID.init),
              let variant = object["variant"]?.stringValue,
              let channel = object["channel"]?.stringValue.flatMap(CampaignChannel.init(rawValue:)),
              let transport = object["transport"]?.stringValue,
              let createdAt = object["createdAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)) else { return nil }
        self.init(id: id, campaignId: campaignId, contactId: object["contactId"]?.stringValue.flatMap(ContactID.init), variant: variant,
                  channel: channel, transport: transport, to: object["to"]?.stringValue, subject: object["subject"]?.stringValue,
                  body: object["body"]?.stringValue, links: object["links"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                  createdAt: createdAt)
    }
}

/// What happened to one message since it was queued: the lease while a sender holds it, and the
/// sender's result. Stored as its own small entity (`<delivery id>:state`); no record means queued.
public struct DeliveryProgress: Sendable, Equatable {
    public var deliveryId: DeliveryID
    /// `queued`, `claimed`, `sent`, `bounced`, `failed` or `cancelled` (never `delivered`: that
    /// comes from events).
    public var state: DeliveryStatus
    public var leaseExpiresAt: Timestamp?
    /// How many times a sender claimed it.
    public var claims: Int
    /// The sender's words about the result (or why the webhook transport failed).
    public var detail: String?
    public var updatedAt: Timestamp

    public init(deliveryId: DeliveryID, state: DeliveryStatus, leaseExpiresAt: Timestamp? = nil, claims: Int = 0, detail: String? = nil,
                updatedAt: Timestamp) {
        self.deliveryId = deliveryId
        self.state = state
        self.leaseExpiresAt = leaseExpiresAt
        self.claims = claims
        self.detail = detail
        self.updatedAt = updatedAt
    }

    /// The entity id of a delivery's progress record.
    public static func entityId(of delivery: DeliveryID) -> String { delivery.description + ":state" }

    public var storedBytes: [UInt8] {
        var writer = JSONWriter(reservingCapacity: 192)
        writer.beginObject()
        writer.field("deliveryId", deliveryId)
        writer.field("state", state.rawValue)
        writer.field("leaseExpiresAt", leaseExpiresAt)
        writer.field("claims", claims)
        writer.field("detail", detail)
        writer.field("updatedAt", updatedAt)
        writer.endObject()
        return writer.bytes
    }

    public init?(stored object: JSONObject) {
        guard let deliveryId = object["deliveryId"]?.stringValue.flatMap(DeliveryID.init),
              let state = object["state"]?.stringValue.flatMap(DeliveryStatus.init(rawValue:)),
              let updatedAt = object["updatedAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)) else { return nil }
        self.init(deliveryId: deliveryId, state: state, leaseExpiresAt: object["leaseExpiresAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)),
                  claims: Int(object["claims"]?.numberValue?.int64 ?? 0), detail: object["detail"]?.stringValue, updatedAt: updatedAt)
    }
}

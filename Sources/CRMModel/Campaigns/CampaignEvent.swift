/// One thing that happened to one campaign message (`ce_…`): reported by a sender
/// (`POST /v1/campaigns/{id}/events`) or recorded by a tracking link (open pixel, click,
/// unsubscribe). Immutable; a merge moves it to the kept contact, an erase anonymises it.
public struct CampaignEvent: Sendable, Equatable {
    public var id: CampaignEventID
    public var campaignId: CampaignID
    public var deliveryId: DeliveryID
    public var contactId: ContactID?
    public var kind: CampaignEventKind
    /// A conversion's value in minor units.
    public var value: Int64?
    /// The link a click went to.
    public var url: String?
    public var occurredAt: Timestamp
    /// `api` (a sender reported it) or `tracking` (a tracking link recorded it).
    public var source: String
    public var createdAt: Timestamp

    public init(id: CampaignEventID, campaignId: CampaignID, deliveryId: DeliveryID, contactId: ContactID?, kind: CampaignEventKind,
                value: Int64?, url: String?, occurredAt: Timestamp, source: String, createdAt: Timestamp) {
        self.id = id
        self.campaignId = campaignId
        self.deliveryId = deliveryId
        self.contactId = contactId
        self.kind = kind
        self.value = value
        self.url = url
        self.occurredAt = occurredAt
        self.source = source
        self.createdAt = createdAt
    }

    /// The event without the person (after an erase): no contact, no link.
    public var anonymised: CampaignEvent {
        var copy = self
        copy.contactId = nil
        copy.url = nil
        return copy
    }

    /// The event as the API shows it and the store keeps it.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("id", id)
        writer.field("campaignId", campaignId)
        writer.field("deliveryId", deliveryId)
        writer.field("contactId", contactId)
        writer.field("type", kind.rawValue)
        writer.field("value", value)
        writer.field("url", url)
        writer.field("occurredAt", occurredAt)
        writer.field("source", source)
        writer.field("createdAt", createdAt)
        writer.endObject()
    }

    public var jsonBytes: [UInt8] {
        var writer = JSONWriter(reservingCapacity: 320)
        write(to: &writer)
        return writer.bytes
    }

    public init?(stored object: JSONObject) {
        guard let id = object["id"]?.stringValue.flatMap(CampaignEventID.init),
              let campaignId = object["campaignId"]?.stringValue.flatMap(CampaignID.init),
              let deliveryId = object["deliveryId"]?.stringValue.flatMap(DeliveryID.init),
              let kind = object["type"]?.stringValue.flatMap(CampaignEventKind.init(rawValue:)),
              let occurredAt = object["occurredAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)),
              let createdAt = object["createdAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)) else { return nil }
        self.init(id: id, campaignId: campaignId, deliveryId: deliveryId, contactId: object["contactId"]?.stringValue.flatMap(ContactID.init),
                  kind: kind, value: object["value"]?.numberValue?.int64, url: object["url"]?.stringValue, occurredAt: occurredAt,
                  source: object["source"]?.stringValue ?? "api", createdAt: createdAt)
    }
}

/// One touchpoint with a contact (a call, an email, a purchase, …) as stored and served. Interactions
/// are immutable once recorded; they feed the contact's derived facts (`ContactActivity`).
public struct Interaction: Sendable, Equatable {
    public var id: InteractionID
    public var contactId: ContactID
    public var fields: InteractionFields
    public var createdAt: Timestamp

    public init(id: InteractionID, contactId: ContactID, fields: InteractionFields, createdAt: Timestamp) {
        self.id = id
        self.contactId = contactId
        self.fields = fields
        self.createdAt = createdAt
    }

    /// The interaction as the API shows it and the store keeps it (absent optionals are `null`).
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("id", id)
        writer.field("contactId", contactId)
        writer.field("type", fields.kind.rawValue)
        writer.field("direction", fields.direction?.rawValue)
        writer.field("channel", fields.channel)
        writer.field("subject", fields.subject)
        writer.field("body", fields.body)
        writer.field("occurredAt", fields.occurredAt)
        writer.field("amount", fields.purchase?.amount)
        writer.field("currency", fields.purchase?.currency)
        writer.field("items", fields.items) { writer, item in
            writer.beginObject()
            writer.field("sku", item.sku)
            writer.field("name", item.name)
            writer.field("quantity", item.quantity)
            writer.field("unitPrice", item.unitPrice)
            writer.endObject()
        }
        writer.field("metadata", JSONValue.object(fields.metadata))
        writer.field("createdAt", createdAt)
        writer.endObject()
    }

    public var jsonBytes: [UInt8] {
        var writer = JSONWriter(reservingCapacity: 256)
        write(to: &writer)
        return writer.bytes
    }

    /// Reads back what `write` produced (the store's copy); nil when it is not an interaction.
    public init?(stored object: JSONObject) {
        guard case .string(let idText)? = object["id"], let id = InteractionID(idText),
              case .string(let contactText)? = object["contactId"], let contactId = ContactID(contactText),
              case .string(let created)? = object["createdAt"], let createdAt = Timestamp(rfc3339: created) else { return nil }
        var writable = object
        for key in InteractionFields.readOnlyKeys { _ = writable.removeValue(forKey: key) }
        guard let fields = try? InteractionFields.read(from: writable, now: nil) else { return nil }
        self.init(id: id, contactId: contactId, fields: fields, createdAt: createdAt)
    }
}

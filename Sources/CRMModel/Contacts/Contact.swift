/// One customer record as stored and served: the client-written `fields` plus what the server keeps
/// (id, lead score, last interaction, timestamps, version).
public struct Contact: Sendable, Equatable {
    public var id: ContactID
    public var fields: ContactFields
    public var leadScore: Int
    public var lastInteractionAt: Timestamp?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var version: Int

    public init(id: ContactID, fields: ContactFields, leadScore: Int = 0, lastInteractionAt: Timestamp? = nil,
                createdAt: Timestamp, updatedAt: Timestamp, version: Int = 1) {
        self.id = id
        self.fields = fields
        self.leadScore = leadScore
        self.lastInteractionAt = lastInteractionAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// The contact as the API shows it (and as the store keeps it).
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("id", id)
        fields.writeMembers(to: &writer)
        writer.field("leadScore", leadScore)
        writer.field("lastInteractionAt", lastInteractionAt)
        writer.field("createdAt", createdAt)
        writer.field("updatedAt", updatedAt)
        writer.field("version", version)
        writer.endObject()
    }

    public var jsonBytes: [UInt8] {
        var writer = JSONWriter(reservingCapacity: 512)
        write(to: &writer)
        return writer.bytes
    }

    /// Reads back what `write` produced (the store's copy); nil when it is not a contact.
    public init?(stored object: JSONObject) {
        guard case .string(let idText)? = object["id"], let id = ContactID(idText),
              case .string(let created)? = object["createdAt"], let createdAt = Timestamp(rfc3339: created),
              case .string(let updated)? = object["updatedAt"], let updatedAt = Timestamp(rfc3339: updated),
              case .number(let version)? = object["version"], let versionNumber = version.int64 else { return nil }
        var writable = object
        for key in ContactFields.readOnlyKeys { _ = writable.removeValue(forKey: key) }
        guard let fields = try? ContactFields.read(from: writable) else { return nil }
        var lastInteraction: Timestamp?
        if case .string(let text)? = object["lastInteractionAt"] { lastInteraction = Timestamp(rfc3339: text) }
        var score = 0
        if case .number(let number)? = object["leadScore"] { score = Int(number.int64 ?? 0) }
        self.init(id: id, fields: fields, leadScore: score, lastInteractionAt: lastInteraction,
                  createdAt: createdAt, updatedAt: updatedAt, version: Int(versionNumber))
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

    /// The writable fields as a JSON object (what a merge patch applies to).
    public var jsonObject: JSONObject {
        var writer = JSONWriter(reservingCapacity: 512)
        writer.beginObject()
        writeMembers(to: &writer)
        writer.endObject()
        guard case .object(let object)? = try? JSONParser().parse(writer.bytes) else { return JSONObject() }
        return object
    }
}

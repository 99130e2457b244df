import CRMModel

/// A webhook subscription: where to POST which events, and the secret that signs them. The
/// secret is stored (signing needs it) and shown only in the answer that creates the hook.
struct Webhook: Sendable, Equatable {
    var id: WebhookID
    var fields: WebhookFields
    var secret: String
    var createdAt: Timestamp
    var updatedAt: Timestamp
    var version: Int

    /// The public view; `includingSecret` only for the creation answer.
    func write(to writer: inout JSONWriter, includingSecret: Bool = false) {
        writer.beginObject()
        writer.field("id", id)
        writer.field("url", fields.url)
        writer.field("events", fields.events)
        writer.field("active", fields.active)
        writer.field("description", fields.description)
        if includingSecret { writer.field("secret", secret) }
        writer.field("createdAt", createdAt)
        writer.field("updatedAt", updatedAt)
        writer.field("version", version)
        writer.endObject()
    }

    func jsonBytes(includingSecret: Bool = false) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 512)
        write(to: &writer, includingSecret: includingSecret)
        return writer.bytes
    }

    /// The stored form: the public view with the secret.
    var storedBytes: [UInt8] { jsonBytes(includingSecret: true) }

    init(id: WebhookID, fields: WebhookFields, secret: String, createdAt: Timestamp, updatedAt: Timestamp, version: Int) {
        self.id = id
        self.fields = fields
        self.secret = secret
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    init?(stored object: JSONObject) {
        guard let id = object["id"]?.stringValue.flatMap(WebhookID.init), let url = object["url"]?.stringValue,
              let events = object["events"]?.arrayValue?.compactMap(\.stringValue), let active = object["active"]?.boolValue,
              let secret = object["secret"]?.stringValue,
              let created = object["createdAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)),
              let updated = object["updatedAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)),
              let version = object["version"]?.numberValue?.int64 else { return nil }
        let fields = WebhookFields(url: url, events: events, active: active, description: object["description"]?.stringValue)
        self.init(id: id, fields: fields, secret: secret, createdAt: created, updatedAt: updated, version: Int(version))
    }
}

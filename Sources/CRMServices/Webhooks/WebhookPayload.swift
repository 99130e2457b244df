import CRMModel
import CRMStore

/// The body POSTed for one event:
/// `{"id": <delivery id>, "event", "createdAt", "entityId", "seq", "data": <entity JSON or null>}`.
/// `createdAt` is when the change was committed; `seq` its position in the changes feed
/// (`GET /v1/changes`); `data` the entity as the feed shows it (null for deletes, erasures and pings).
enum WebhookPayload {
    static func bytes(delivery: DeliveryID, event: String, createdAt: Timestamp, entityId: String, seq: UInt64?, data: [UInt8]?) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 256 + (data?.count ?? 0))
        writer.beginObject()
        writer.field("id", delivery)
        writer.field("event", event)
        writer.field("createdAt", createdAt)
        writer.field("entityId", entityId)
        writer.field("seq", seq.map { Int64($0) })
        writer.key("data")
        if let data, !data.isEmpty { writer.rawValue(data) } else { writer.null() }
        writer.endObject()
        // Written once more from its parsed form: exactly what the stored delivery gives back.
        guard let value = try? JSONParser().parse(writer.bytes) else { return writer.bytes }
        var normalized = JSONWriter(reservingCapacity: writer.bytes.count)
        normalized.value(value)
        return normalized.bytes
    }

    /// The event a log record stands for (nil for records webhooks do not report).
    static func event(for record: Record) -> String? {
        switch (record.type, record.op) {
        case ("contact", .put): return isFirstVersion(record.data) ? "contact.created" : "contact.updated"
        case ("contact", .delete): return "contact.deleted"
        case ("contact", .erase): return "contact.erased"
        case ("interaction", .put): return "interaction.created"
        case ("interaction", .delete), ("interaction", .erase): return "interaction.deleted"
        case ("deal", .put): return isFirstVersion(record.data) ? "deal.created" : "deal.updated"
        case ("deal", .delete): return "deal.deleted"
        case ("pipeline", .put): return "pipeline.updated"
        // An anonymised ticket (erase, then put) is reported by its put, as an update.
        case ("ticket", .put): return isFirstVersion(record.data) ? "ticket.created" : "ticket.updated"
        case ("ticket", .delete): return "ticket.deleted"
        case ("ticket_comment", .put): return isFirstVersion(record.data) ? "ticket_comment.created" : nil
        case ("segment", .put), ("campaign", .put): return record.type + (isFirstVersion(record.data) ? ".created" : ".updated")
        case ("segment", .delete), ("campaign", .delete): return record.type + ".deleted"
        default: return nil
        }
    }

    private static func isFirstVersion(_ data: [UInt8]) -> Bool {
        guard let value = try? JSONParser().parse(data) else { return false }
        return value["version"]?.numberValue?.int64 == 1
    }
}

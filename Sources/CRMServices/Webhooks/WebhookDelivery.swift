import CRMModel

/// One event on its way to one webhook: the exact body to POST, where it stands, and every
/// attempt so far. Stored as a `webhook-delivery` record, rewritten after each attempt.
struct WebhookDelivery: Sendable, Equatable {
    enum State: String, Sendable { case pending, delivered, failed }

    struct Attempt: Sendable, Equatable {
        var at: Timestamp
        /// The receiver's status code, when it answered.
        var status: Int?
        /// Why there was no usable answer (timeout, refused address, …).
        var error: String?
        var durationMs: Int
    }

    var id: DeliveryID
    var webhookId: WebhookID
    var event: String
    /// The request body, byte for byte (a JSON object; see `WebhookPayload`).
    var payload: [UInt8]
    var state: State
    var attempts: [Attempt]
    /// When the next attempt is due (nil once delivered or failed).
    var nextAttemptAt: Timestamp?
    var createdAt: Timestamp

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("id", id)
        writer.field("webhookId", webhookId)
        writer.field("event", event)
        writer.field("state", state.rawValue)
        writer.field("createdAt", createdAt)
        writer.field("nextAttemptAt", nextAttemptAt)
        writer.field("attempts", attempts) { writer, attempt in
            writer.beginObject()
            writer.field("at", attempt.at)
            writer.field("status", attempt.status)
            writer.field("error", attempt.error)
            writer.field("durationMs", attempt.durationMs)
            writer.endObject()
        }
        writer.key("payload")
        writer.rawValue(payload)
        writer.endObject()
    }

    /// The stored form is the public view.
    var storedBytes: [UInt8] {
        var writer = JSONWriter(reservingCapacity: 512 + payload.count)
        write(to: &writer)
        return writer.bytes
    }

    init(id: DeliveryID, webhookId: WebhookID, event: String, payload: [UInt8], state: State, attempts: [Attempt],
         nextAttemptAt: Timestamp?, createdAt: Timestamp) {
        self.id = id
        self.webhookId = webhookId
        self.event = event
        self.payload = payload
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
    }

    /// Reads the stored form back. The payload bytes are written again from the parsed value,
    /// which gives back the bytes `JSONWriter` wrote in the first place.
    init?(stored object: JSONObject) {
        guard let id = object["id"]?.stringValue.flatMap(DeliveryID.init),
              let webhookId = object["webhookId"]?.stringValue.flatMap(WebhookID.init),
              let event = object["event"]?.stringValue, let state = object["state"]?.stringValue.flatMap(State.init(rawValue:)),
              let created = object["createdAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)),
              let attemptValues = object["attempts"]?.arrayValue, let payloadValue = object["payload"] else { return nil }
        var attempts: [Attempt] = []
        for value in attemptValues {
            guard let at = value["at"]?.stringValue.flatMap(Timestamp.init(rfc3339:)), let duration = value["durationMs"]?.numberValue?.int64 else {
                return nil
            }
            attempts.append(Attempt(at: at, status: value["status"]?.numberValue?.int64.map { Int($0) }, error: value["error"]?.stringValue,
                                    durationMs: Int(duration)))
        }
        var payload = JSONWriter(reservingCapacity: 512)
        payload.value(payloadValue)
        self.init(id: id, webhookId: webhookId, event: event, payload: payload.bytes, state: state, attempts: attempts,
                  nextAttemptAt: object["nextAttemptAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)), createdAt: created)
    }
}

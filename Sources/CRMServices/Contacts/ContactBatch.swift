import CRMHTTP
import CRMModel
import CRMRouter

/// The body of `POST /v1/contacts/batch`: `{"matchOn": "email"|"externalId", "items": [contact…]}`.
/// A bad envelope is 422; more than `maxItems` items is 413. Items are checked one by one later,
/// each failing on its own.
struct ContactBatchRequest {
    enum MatchKey: String, CaseIterable { case email, externalId }

    static let maxItems = 1000

    var matchOn: MatchKey
    var items: [JSONValue]

    init(_ body: JSONObject) throws {
        var reader = ObjectReader(body)
        let matchOn = reader.enumValue("matchOn", as: MatchKey.self, required: true)
        var items: [JSONValue] = []
        if let value = reader.value("items", required: true) {
            if case .array(let elements) = value { items = elements } else {
                reader.record(.invalidType("items", expected: "an array of contact objects"))
            }
        }
        try reader.finish()
        guard items.count <= Self.maxItems else {
            throw Problem(status: .contentTooLarge, type: ProblemType.tooLarge,
                          detail: "A batch holds at most \(Self.maxItems) items; this one has \(items.count). Split it.")
        }
        self.matchOn = matchOn ?? .email
        self.items = items
    }

    /// The normalised match key of `fields` (lower-cased email, or the externalId as is).
    func key(of fields: ContactFields) -> String? {
        switch matchOn {
        case .email: fields.email.map(EmailAddress.normalizedKey)
        case .externalId: fields.externalId
        }
    }
}

/// What happened to one item of a batch.
struct ContactBatchResult: Sendable {
    enum Status: String, Sendable { case created, updated, unchanged, error }

    var index: Int
    var status: Status
    var id: ContactID?
    var error: Problem?

    static func failed(_ index: Int, _ error: Problem, id: ContactID? = nil) -> ContactBatchResult {
        ContactBatchResult(index: index, status: .error, id: id, error: error)
    }
}

/// The answer of a batch: counts per status, then one result per item in input order.
struct ContactBatchOutcome: Sendable {
    var results: [ContactBatchResult]

    var jsonBytes: [UInt8] {
        var writer = JSONWriter(reservingCapacity: 64 * max(1, results.count))
        writer.beginObject()
        for status in [ContactBatchResult.Status.created, .updated, .unchanged] {
            writer.key(status.rawValue)
            writer.int(results.count(where: { $0.status == status }))
        }
        writer.field("failed", results.count(where: { $0.status == .error }))
        writer.field("results", results) { writer, result in
            writer.beginObject()
            writer.field("index", result.index)
            writer.field("status", result.status.rawValue)
            if let id = result.id { writer.field("id", id) }
            if let error = result.error {
                writer.key("error")
                writer.problem(error)
            }
            writer.endObject()
        }
        writer.endObject()
        return writer.bytes
    }
}

extension JSONWriter {
    /// A problem (RFC 9457 members and `errors`) as a JSON object inside a larger answer.
    mutating func problem(_ problem: Problem) {
        beginObject()
        field("type", problem.type)
        field("title", problem.title)
        field("status", problem.status.code)
        field("detail", problem.detail)
        field("errors", problem.errors) { writer, error in writer.fieldError(error) }
        endObject()
    }
}

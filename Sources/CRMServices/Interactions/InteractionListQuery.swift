import CRMModel
import CRMRouter

/// The query of `GET /v1/interactions` and `GET /v1/contacts/{id}/interactions`, parsed strictly
/// (an unknown parameter or a bad value is 400). Lists run newest first by `occurredAt`.
struct InteractionListQuery {
    var limit = 50
    /// Continue strictly before this key (newest first).
    var after: InteractionKey?
    /// Wanted types; empty means all.
    var kinds: Set<InteractionFields.Kind> = []
    /// `occurredAt` ≥ since and ≤ until.
    var since: Timestamp?
    var until: Timestamp?
    var contactId: ContactID?

    static let parameters: Set<String> = ["limit", "cursor", "type", "since", "until"]
    static let globalParameters = parameters.union(["contactId"])

    /// `acceptsContactId` is true for the global list; the per-contact list names its contact in the path.
    init(_ query: QueryParameters, acceptsContactId: Bool) throws(Problem) {
        let accepted = acceptsContactId ? Self.globalParameters : Self.parameters
        for name in query.names where !accepted.contains(name) {
            throw Problem.badRequest("Unknown query parameter '\(name)'; accepted: \(accepted.sorted().joined(separator: ", ")).")
        }
        if let value = try PageParameters.limit(in: query) { limit = value }
        if let text = query["cursor"] {
            guard let key = Self.decode(cursor: text) else {
                throw PageParameters.invalidCursor
            }
            after = key
        }
        kinds = try query.values("type", of: InteractionFields.Kind.self)
        since = try query.timestamp("since")
        until = try query.timestamp("until")
        if let text = query["contactId"] {
            guard let id = ContactID(text) else { throw Problem.badRequest("contactId must be a contact id (ct_…).") }
            contactId = id
        }
    }

    func matches(_ kind: InteractionFields.Kind) -> Bool {
        kinds.isEmpty || kinds.contains(kind)
    }

    private static let cursorTag = "occurredAt|"

    static func encode(cursor key: InteractionKey) -> String {
        Cursor.encode(sortKey: cursorTag + String(key.occurredAt), id: key.id.description)
    }

    static func decode(cursor text: String) -> InteractionKey? {
        guard let position = Cursor.decode(text), position.sortKey.hasPrefix(cursorTag),
              let millis = Int64(position.sortKey.dropFirst(cursorTag.count)), let id = InteractionID(position.id) else { return nil }
        return InteractionKey(occurredAt: millis, id: id)
    }
}

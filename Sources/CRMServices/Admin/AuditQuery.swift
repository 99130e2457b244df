import CRMModel
import CRMRouter

/// The query of `GET /v1/audit`, parsed strictly: `entityId`, `actor`, `type`, `since`, `until`,
/// `limit` (1–500, default 100) and `cursor` (the last sequence number of the previous page).
struct AuditQuery {
    var entityId: String?
    var actor: String?
    var type: String?
    var since: Timestamp?
    var until: Timestamp?
    var limit = 100
    var after: UInt64 = 0

    static let parameters: Set<String> = ["entityId", "actor", "type", "since", "until", "limit", "cursor"]

    init(_ query: QueryParameters) throws(Problem) {
        for name in query.names where !AuditQuery.parameters.contains(name) {
            throw Problem.badRequest("Unknown query parameter '\(name)'; accepted: \(AuditQuery.parameters.sorted().joined(separator: ", ")).")
        }
        entityId = query["entityId"]
        actor = query["actor"]
        type = query["type"]
        for (name, keyPath) in [("since", \AuditQuery.since), ("until", \AuditQuery.until)] as [(String, WritableKeyPath<AuditQuery, Timestamp?>)] {
            guard let text = query[name] else { continue }
            guard let value = Timestamp(rfc3339: text) else { throw Problem.badRequest("\(name) must be an RFC 3339 timestamp such as 2026-01-31T09:00:00Z.") }
            self[keyPath: keyPath] = value
        }
        if let value = try PageParameters.limit(in: query) { limit = value }
        if let text = query["cursor"] {
            guard let position = Cursor.decode(text), position.id == "audit", let seq = UInt64(position.sortKey) else {
                throw Problem.badRequest("cursor is not valid for the audit trail (it must come from nextCursor).")
            }
            after = seq
        }
    }
}

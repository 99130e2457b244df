import CRMModel
import CRMRouter
import CRMStore

/// Who changed what, read from the log (every record carries the acting key id and the request
/// id): oldest first. One request scans at most `scanBudget` records; when the budget runs out
/// before the page is full, the page is shorter and `nextCursor` continues where the scan stopped.
public struct AuditTrail: Sendable {
    static let scanBudget = 200_000
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    struct Entry {
        var record: Record

        func write(to writer: inout JSONWriter) {
            writer.beginObject()
            writer.field("seq", Int64(record.seq))
            writer.field("at", Timestamp(millisecondsSinceEpoch: record.timestamp))
            writer.field("actor", record.actor)
            writer.field("requestId", record.requestId)
            writer.field("type", record.type)
            writer.field("entityId", record.id)
            writer.field("op", record.op.rawValue)
            writer.endObject()
        }
    }

    func page(_ query: AuditQuery) throws -> Page<Entry> {
        var matches: [Record]
        var resume: UInt64?
        if let entityId = query.entityId {
            matches = try store.versions(of: entityId).filter { $0.seq > query.after && keeps($0, query) }
        } else {
            matches = []
            var after = query.after
            if let since = query.since { after = max(after, store.seq(before: since.millisecondsSinceEpoch)) }
            let scan = try store.scanRecords(after: after, budget: AuditTrail.scanBudget) { record in
                if let until = query.until, record.timestamp > until.millisecondsSinceEpoch { return false }
                if keeps(record, query) { matches.append(record) }
                return matches.count <= query.limit
            }
            if scan.budgetSpent && matches.count <= query.limit { resume = scan.lastSeq }
        }
        let shown = Array(matches.prefix(query.limit))
        let next = matches.count > query.limit ? shown.last?.seq : resume
        return Page(data: shown.map(Entry.init), nextCursor: next.map { Cursor.encode(sortKey: String($0), id: "audit") })
    }

    private func keeps(_ record: Record, _ query: AuditQuery) -> Bool {
        if let actor = query.actor, record.actor != actor { return false }
        if let type = query.type, record.type != type { return false }
        if let since = query.since, record.timestamp < since.millisecondsSinceEpoch { return false }
        if let until = query.until, record.timestamp > until.millisecondsSinceEpoch { return false }
        return true
    }
}

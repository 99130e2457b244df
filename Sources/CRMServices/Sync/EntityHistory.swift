import CRMModel
import CRMRouter
import CRMStore

/// One version of a record as `GET /v1/{resource}/{id}/history` shows it: when, who, which request,
/// and each field that changed from the version before (old → new; dotted paths into nested
/// objects, arrays compared whole).
struct HistoryEntry {
    struct Change {
        var field: String
        var from: JSONValue?
        var to: JSONValue?
    }

    var seq: UInt64
    var at: Timestamp
    var actor: String
    var requestId: String
    var op: RecordOp
    var version: Int?
    var changes: [Change]

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("seq", Int64(seq))
        writer.field("at", at)
        writer.field("op", op == .put ? (version == 1 ? "create" : "update") : op.rawValue)
        writer.field("version", version)
        writer.field("actor", actor)
        writer.field("requestId", requestId)
        writer.field("changes", changes) { writer, change in
            writer.beginObject()
            writer.field("field", change.field)
            writer.field("from", change.from ?? .null)
            writer.field("to", change.to ?? .null)
            writer.endObject()
        }
        writer.endObject()
    }
}

/// Builds history pages from the log (`Store.versions(of:)`), for every resource alike.
enum EntityHistory {
    /// Fields that change with every version and say nothing on their own.
    static let bookkeeping: Set<String> = ["updatedAt", "version"]

    /// Newest first, `limit` per page; the cursor is the last shown sequence number.
    static func page(of id: String, store: Store, query: QueryParameters) throws -> Page<HistoryEntry>? {
        let paging = try PageParameters(query)
        let limit = paging.limit
        var before = UInt64.max
        if let position = paging.cursor {
            guard position.id == id, let seq = UInt64(position.sortKey) else {
                throw Problem.badRequest("cursor is not valid for this history (it must come from nextCursor).")
            }
            before = seq
        }
        let records = try store.versions(of: id)
        guard let last = records.last, last.op != .erase else { return nil }
        let entries = entries(records).reversed().filter { $0.seq < before }
        let shown = Array(entries.prefix(limit))
        let next = entries.count > limit ? shown.last.map { Cursor.encode(sortKey: String($0.seq), id: id) } : nil
        return Page(data: shown, nextCursor: next)
    }

    /// Every record as an entry with its changes against the one before, oldest first.
    static func entries(_ records: [Record]) -> [HistoryEntry] {
        var previous: JSONObject?
        var entries: [HistoryEntry] = []
        for record in records {
            let current: JSONObject? = record.putObject
            var changes: [HistoryEntry.Change] = []
            diff(previous, current, prefix: "", into: &changes)
            entries.append(HistoryEntry(seq: record.seq, at: Timestamp(millisecondsSinceEpoch: record.timestamp), actor: record.actor,
                                        requestId: record.requestId, op: record.op,
                                        version: current?["version"]?.numberValue.flatMap { Int($0.description) }, changes: changes))
            previous = current
        }
        return entries
    }

    static func diff(_ old: JSONObject?, _ new: JSONObject?, prefix: String, into changes: inout [HistoryEntry.Change]) {
        var keys = old?.keys ?? []
        for key in new?.keys ?? [] where !keys.contains(key) { keys.append(key) }
        for key in keys where !(prefix.isEmpty && bookkeeping.contains(key)) {
            let before = old?[key]
            let after = new?[key]
            if before == after { continue }
            if case .object(let left)? = before, case .object(let right)? = after {
                diff(left, right, prefix: prefix + key + ".", into: &changes)
            } else if !(before?.isNull ?? true) || !(after?.isNull ?? true) {
                changes.append(HistoryEntry.Change(field: prefix + key, from: before, to: after))
            }
        }
    }
}

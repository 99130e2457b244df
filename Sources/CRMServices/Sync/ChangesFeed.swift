import CRMModel
import CRMRouter
import CRMStore

/// `GET /v1/changes`: every create, update, delete and erase in commit order, straight from the
/// log's sequence numbers. A client that starts at `after=0` and follows `nextAfter` rebuilds the
/// current state (compaction keeps every live entity's last record). `wait` long-polls: the answer
/// comes the moment a matching change commits, or empty when `wait` runs out.
///
/// 410: a cursor below the highest sequence number compaction dropped, pointing at a record that
/// is no longer in the log, was issued before that compaction, and the client may have missed
/// deletes. (`nextAfter` always names a record still in the log, so a rebuild from 0 after a
/// compaction is never refused. A client whose last record survived can continue; it misses only
/// deletes older than `--history-days`, which is why clients offline that long should start over.)
public struct ChangesFeed: Sendable {
    /// Record types clients may see (API keys, for one, never leave the server).
    public static let publicTypes: Set<String> = ["contact", "interaction", "deal", "pipeline", "ticket", "ticket_comment", "agent",
                                                  "segment", "campaign"]
    /// Records one request reads at most before answering with what it found.
    static let scanBudget = 20_000
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    struct Query {
        var after: UInt64 = 0
        var types: Set<String> = ChangesFeed.publicTypes
        var limit = 100
        var wait: Duration = .zero

        init(_ query: QueryParameters) throws(Problem) {
            let accepted: Set<String> = ["after", "types", "limit", "wait"]
            for name in query.names where !accepted.contains(name) {
                throw Problem.badRequest("Unknown query parameter '\(name)'; accepted: after, limit, types, wait.")
            }
            if let text = query["after"] {
                guard let value = UInt64(text) else { throw Problem.badRequest("after must be a sequence number (0 or more).") }
                after = value
            }
            if let text = query["types"] {
                let names = Set(text.split(separator: ",").map(String.init))
                guard !names.isEmpty, names.isSubset(of: ChangesFeed.publicTypes) else {
                    throw Problem.badRequest("types must be a comma-separated list of \(ChangesFeed.publicTypes.sorted().joined(separator: ", ")).")
                }
                types = names
            }
            if let text = query["limit"] {
                guard let value = Int(text), (1...1000).contains(value) else { throw Problem.badRequest("limit must be an integer from 1 to 1000.") }
                limit = value
            }
            if let text = query["wait"] {
                guard let seconds = Double(text), (0...30).contains(seconds) else {
                    throw Problem.badRequest("wait must be a number of seconds from 0 to 30.")
                }
                wait = .milliseconds(Int64(seconds * 1000))
            }
        }
    }

    /// The changes after `query.after` and the sequence number to continue after.
    func read(_ query: Query) async throws -> (changes: [Record], nextAfter: UInt64) {
        if query.after > 0 && query.after < store.droppedThrough, try store.records(after: query.after - 1, limit: 1).first?.seq != query.after {
            throw Problem(status: .gone, type: "urn:crm:problem:feed-expired",
                          detail: "Changes after \(query.after) are no longer all in the log (compaction dropped records up to "
                              + "\(store.droppedThrough)). Rebuild from a full export or from after=0, then follow nextAfter.")
        }
        let deadline = ContinuousClock.now + query.wait
        var after = query.after
        while true {
            let found = try scan(after: after, query: query)
            if !found.changes.isEmpty || ContinuousClock.now >= deadline { return found }
            after = found.nextAfter
            await store.waitForCommit(after: after, timeout: deadline - ContinuousClock.now)
            if ContinuousClock.now >= deadline { return try scan(after: after, query: query) }
        }
    }

    private func scan(after start: UInt64, query: Query) throws -> (changes: [Record], nextAfter: UInt64) {
        var changes: [Record] = []
        let scan = try store.scanRecords(after: start, budget: ChangesFeed.scanBudget) { record in
            if query.types.contains(record.type) { changes.append(record) }
            return changes.count < query.limit
        }
        return (changes, scan.lastSeq)
    }
}

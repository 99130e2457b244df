/// The puts of the batch the writer is committing, from when it applies them to the states until
/// it has written them: the states show a batch just before it reaches the file, so the newest
/// version of an entity may be here rather than on disk. Holding costs an append per commit (the
/// commit's array is shared, not copied); the index by id is built only if someone looks one up
/// meanwhile (rare).
struct UnwrittenPuts: Sendable {
    private var commits: [[Record]] = []
    private var positions: [String: (commit: Int, record: Int)]?

    var isEmpty: Bool { commits.isEmpty }

    mutating func hold(_ records: [Record]) {
        commits.append(records)
        positions = nil
    }

    /// The newest held put of `id`.
    mutating func newest(of id: String) -> Record? {
        guard !commits.isEmpty else { return nil }
        if positions == nil {
            var built: [String: (commit: Int, record: Int)] = [:]
            for (commit, records) in commits.enumerated() {
                for (position, record) in records.enumerated() where record.op == .put { built[record.id] = (commit, position) }
            }
            positions = built
        }
        return positions?[id].map { commits[$0.commit][$0.record] }
    }

    /// The batch is written (its records are located): nothing is held any more.
    mutating func release() {
        commits.removeAll(keepingCapacity: true)
        positions = nil
    }
}

/// The puts of the batch the writer is committing, from when it applies them to the states until
/// it has written them: the states show a batch just before it reaches the file, so the newest
/// version of an entity may be here rather than on disk. Holding costs an append per record; the
/// index by id is built only if someone looks one up meanwhile (rare).
struct UnwrittenPuts: Sendable {
    private var records: [Record] = []
    private var positions: [String: Int]?

    var isEmpty: Bool { records.isEmpty }

    mutating func hold(_ batch: [Record]) {
        for record in batch where record.op == .put { records.append(record) }
        positions = nil
    }

    /// The newest held put of `id`.
    mutating func newest(of id: String) -> Record? {
        guard !records.isEmpty else { return nil }
        if positions == nil {
            var built: [String: Int] = [:]
            for (position, record) in records.enumerated() { built[record.id] = position }
            positions = built
        }
        return positions?[id].map { records[$0] }
    }

    /// The batch is written (its records are located): nothing is held any more.
    mutating func release() {
        records.removeAll(keepingCapacity: true)
        positions = nil
    }
}

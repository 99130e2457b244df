import CRMStore

/// Where `crm seed` puts its records: batches of `batchSize` records encoded here, on the
/// generating thread (`EncodedRecords`), and queued for the store's writer at once, up to
/// `batchesAhead` of them, so generation and writing share the cores instead of taking turns (with
/// one batch in flight, the writer sat idle whenever the task that queues the next one waited for a
/// thread behind the generators: ~20% of the cores were idle). Batches are written in order.
final class SeedLog {
    static let batchSize = 10_000
    static let batchesAhead = 4

    private let store: Store
    private var pending: EncodedRecords
    /// Batches queued and not yet known written, oldest first.
    private var queued: [BulkAppendTicket] = []

    init(store: Store) {
        self.store = store
        pending = SeedLog.emptyBatch()
    }

    static func emptyBatch() -> EncodedRecords {
        EncodedRecords(actor: "system", requestId: "seed", reservingBytes: batchSize * 600, records: batchSize)
    }

    /// Adds a put whose data a JSON encoder wrote (only its shape is checked: `appendPut`).
    func append(_ type: String, _ id: String, _ data: [UInt8]) async throws {
        try pending.appendPut(type: type, id: id) { $0.append(contentsOf: data) }
        if pending.count >= Self.batchSize { try await flush() }
    }

    /// Appends a batch encoded elsewhere (after what is pending).
    func append(batch: EncodedRecords) async throws {
        try await flush()
        try await queue(batch)
    }

    /// Appends what is pending and waits until every batch is written and flushed to disk.
    func finish() async throws {
        try await flush()
        while !queued.isEmpty { try await queued.removeFirst().wait() }
        try await store.finishBulkLoad()
    }

    private func flush() async throws {
        guard pending.count > 0 else { return }
        let records = pending
        pending = Self.emptyBatch()
        try await queue(records)
    }

    private func queue(_ batch: EncodedRecords) async throws {
        queued.append(try store.submitBulk(batch))
        while queued.count > Self.batchesAhead { try await queued.removeFirst().wait() }
    }
}

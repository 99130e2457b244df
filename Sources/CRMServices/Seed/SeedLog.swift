import CRMStore

/// Where `crm seed` puts its records: batches of `batchSize` records encoded here, on the
/// generating thread (`EncodedRecords`), and appended by the store's writer, with one batch in
/// flight while the next is generated, so generation and writing share the two cores instead of
/// taking turns. Batches stay in order: each waits for the one before it.
final class SeedLog {
    static let batchSize = 10_000

    private let store: Store
    private var pending: EncodedRecords
    private var inFlight: Task<Void, any Error>?

    init(store: Store) {
        self.store = store
        pending = SeedLog.emptyBatch()
    }

    static func emptyBatch() -> EncodedRecords {
        EncodedRecords(actor: "system", requestId: "seed", reservingBytes: batchSize * 600, records: batchSize)
    }

    func append(_ type: String, _ id: String, _ data: [UInt8]) async throws {
        try pending.append(type: type, id: id, op: .put, data: data)
        if pending.count >= Self.batchSize { try await flush() }
    }

    /// Appends a batch encoded elsewhere (after what is pending).
    func append(batch: EncodedRecords) async throws {
        try await flush()
        try await inFlight?.value
        let store = store
        inFlight = Task { try await store.bulkAppend(batch) }
    }

    /// Appends what is pending and waits until every batch is acknowledged.
    func finish() async throws {
        try await flush()
        try await inFlight?.value
        inFlight = nil
    }

    private func flush() async throws {
        guard pending.count > 0 else { return }
        let records = pending
        pending = Self.emptyBatch()
        try await inFlight?.value
        let store = store
        inFlight = Task { try await store.bulkAppend(records) }
    }
}

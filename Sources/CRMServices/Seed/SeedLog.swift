import CRMStore

/// Where `crm seed` puts its records: commits of `batchSize` records through the store's writer,
/// with one commit in flight while the next is generated, so generation and writing share the two
/// cores instead of taking turns. Commits stay in order: each waits for the one before it.
final class SeedLog {
    static let batchSize = 10_000

    private let store: Store
    private var pending: [(type: String, id: String, data: [UInt8])] = []
    private var inFlight: Task<Void, any Error>?
    /// The records of the commit in flight, held until it is acknowledged so that they are freed
    /// here, not on the writer thread (freeing another thread's allocations contends for malloc's
    /// arena lock: 10 % of the writer's time in a profile).
    private var inFlightRecords: [(type: String, id: String, data: [UInt8])] = []

    init(store: Store) {
        self.store = store
        pending.reserveCapacity(Self.batchSize)
    }

    func append(_ type: String, _ id: String, _ data: [UInt8]) async throws {
        pending.append((type, id, data))
        if pending.count >= Self.batchSize { try await flush() }
    }

    /// Commits what is pending and waits until every commit is acknowledged.
    func finish() async throws {
        try await flush()
        try await inFlight?.value
        inFlight = nil
        inFlightRecords = []
    }

    private func flush() async throws {
        guard !pending.isEmpty else { return }
        let records = pending
        pending = []
        pending.reserveCapacity(Self.batchSize)
        try await inFlight?.value
        inFlightRecords = records
        let store = store
        inFlight = Task {
            try await store.commit(actor: "system", requestId: "seed") { context in
                for record in records { context.append(type: record.type, id: record.id, op: .put, data: record.data) }
            }
        }
    }
}

import CRMStore
import Foundation

/// How `crm seed` uses every core while keeping its output fixed by the seed: the records of a
/// phase are made in chunks of one log batch, each chunk drawing from its own random stream (derived
/// from the seed, the phase and the chunk number), several chunks at a time, and handed on in order.
enum SeedChunks {
    /// How many chunks may be made ahead of the one in use: two per core and two more, so no core
    /// waits while the writer is busy with a batch (each chunk holds a batch of records, ~5 MB).
    static var ahead: Int { 2 * ProcessInfo.processInfo.activeProcessorCount + 2 }

    /// Makes chunks `0..<count` with `make` on the global pool, up to `ahead` of the one in use, and
    /// passes each result to `use` in chunk order.
    static func inOrder<Chunk: Sendable>(count: Int, make: @escaping @Sendable (Int) throws -> Chunk,
                                         use: (Chunk) async throws -> Void) async throws {
        // The chunks started and not yet used, oldest first (a finished task keeps its result: each
        // is dropped once used, or every batch of the run would stay in memory).
        var running: [Task<Chunk, any Error>] = []
        var started = 0
        func start() {
            let chunk = started
            running.append(Task.detached { try make(chunk) })
            started += 1
        }
        while started < min(ahead, count) { start() }
        for _ in 0..<count {
            let result = try await running.removeFirst().value
            if started < count { start() }
            try await use(result)
        }
    }

    /// The phases made in chunks; each draws its own random streams.
    enum Phase: UInt64 {
        case interactions = 0, contacts = 1, tickets = 2, deals = 3, campaigns = 4
    }

    /// Makes the records of items `0..<count` in batches of `size` items — `make` gets the batch's
    /// item range and random stream — on every core, appends the batches to `log` in order, and
    /// hands what else each batch made to `use`, in order too.
    static func append<Extra: Sendable>(_ count: Int, perBatch size: Int = SeedLog.batchSize, phase: Phase, seed: UInt64,
                                        into log: SeedLog,
                                        make: @escaping @Sendable (Range<Int>, inout SeedRandom) throws -> (EncodedRecords, Extra),
                                        use: (Extra) -> Void) async throws {
        try await inOrder(count: (count + size - 1) / size) { chunk in
            var random = Self.random(seed: seed, phase: phase, chunk: chunk)
            return try make((chunk * size)..<min(count, (chunk + 1) * size), &random)
        } use: { (batch, extra) in
            try await log.append(batch: batch)
            use(extra)
        }
    }

    /// The random stream of chunk `chunk` of `phase`.
    static func random(seed: UInt64, phase: Phase, chunk: Int) -> SeedRandom {
        var mixer = SeedRandom(seed: seed &+ phase.rawValue &* 0x1_0000_0000_0000 &+ 0x1000_0000 &* UInt64(chunk + 1))
        return SeedRandom(seed: mixer.next())
    }
}

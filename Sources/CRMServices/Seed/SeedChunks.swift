import Foundation

/// How `crm seed` uses every core while keeping its output fixed by the seed: the records of a
/// phase are made in chunks of one log batch, each chunk drawing from its own random stream (derived
/// from the seed, the phase and the chunk number), several chunks at a time, and handed on in order.
enum SeedChunks {
    /// Makes chunks `0..<count` with `make` on the global pool, a few ahead (one per core and one
    /// more, so no core waits), and passes each result to `use` in chunk order.
    static func inOrder<Chunk: Sendable>(count: Int, make: @escaping @Sendable (Int) throws -> Chunk,
                                         use: (Chunk) async throws -> Void) async throws {
        let ahead = ProcessInfo.processInfo.activeProcessorCount + 1
        var running: [Task<Chunk, any Error>] = []
        running.reserveCapacity(count)
        func start() {
            let chunk = running.count
            running.append(Task.detached { try make(chunk) })
        }
        while running.count < min(ahead, count) { start() }
        for chunk in 0..<count {
            let result = try await running[chunk].value
            if running.count < count { start() }
            try await use(result)
        }
    }

    /// The random stream of chunk `chunk` of phase `phase`.
    static func random(seed: UInt64, phase: UInt64, chunk: Int) -> SeedRandom {
        var mixer = SeedRandom(seed: seed &+ phase &* 0x1_0000_0000_0000 &+ 0x1000_0000 &* UInt64(chunk + 1))
        return SeedRandom(seed: mixer.next())
    }
}

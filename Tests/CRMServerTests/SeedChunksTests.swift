import Foundation
import Synchronization
import Testing
@testable import CRMServices

/// `SeedChunks.inOrder`: every chunk used once, in order, however the chunks finish, with only a
/// few made ahead of the one in use (each holds a batch of records).
@Suite struct SeedChunksTests {
    @Test func usesEveryChunkInOrderWithFewAhead() async throws {
        let made = Atomic<Int>(0)
        var used: [Int] = []
        var mostAhead = 0
        try await SeedChunks.inOrder(count: 60) { chunk in
            made.add(1, ordering: .relaxed)
            usleep(useconds_t((chunk * 7_919) % 5 * 1_000))
            return chunk
        } use: { chunk in
            used.append(chunk)
            mostAhead = max(mostAhead, made.load(ordering: .relaxed) - used.count)
        }
        #expect(used == Array(0..<60))
        #expect(mostAhead <= SeedChunks.ahead)
    }

    @Test func streamsDifferByPhaseAndChunkAndRepeatForTheSameSeed() {
        var first = SeedChunks.random(seed: 1, phase: .interactions, chunk: 0)
        var again = SeedChunks.random(seed: 1, phase: .interactions, chunk: 0)
        var nextChunk = SeedChunks.random(seed: 1, phase: .interactions, chunk: 1)
        var otherPhase = SeedChunks.random(seed: 1, phase: .contacts, chunk: 0)
        let value = first.next()
        #expect(value == again.next())
        #expect(value != nextChunk.next())
        #expect(value != otherPhase.next())
    }
}

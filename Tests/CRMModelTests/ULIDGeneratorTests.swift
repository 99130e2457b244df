import CRMModel
import Synchronization
import Testing

@Suite struct ULIDGeneratorTests {
    @Test func increasesWithinOneMillisecond() {
        let generator = ULIDGenerator(clock: { Timestamp(millisecondsSinceEpoch: 1_000) })
        let ulids = (0..<1_000).map { _ in generator.make() }
        #expect(ulids.allSatisfy { $0.milliseconds == 1_000 })
        for (previous, next) in zip(ulids, ulids.dropFirst()) {
            #expect(next.rawValue == previous.rawValue + 1)
        }
    }

    @Test func staysMonotonicWhenTheClockStepsBack() {
        let times = Mutex<[Int64]>([5_000, 4_000, 6_000])
        let generator = ULIDGenerator(clock: {
            Timestamp(millisecondsSinceEpoch: times.withLock { $0.removeFirst() })
        })
        let first = generator.make()
        let second = generator.make()
        let third = generator.make()
        #expect(first < second)
        #expect(second.milliseconds == 5_000)
        #expect(third.milliseconds == 6_000)
    }

    @Test func newMillisecondsGetFreshRandomness() {
        let times = Mutex<Int64>(0)
        let generator = ULIDGenerator(clock: {
            Timestamp(millisecondsSinceEpoch: times.withLock { $0 += 1; return $0 })
        })
        let randomness = Set((0..<100).map { _ in generator.make().randomness })
        #expect(randomness.count == 100)
    }

    @Test func isUniqueAndOrderedAcrossThreads() async {
        let generator = ULIDGenerator()
        let batches = await withTaskGroup(of: [ULID].self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<2_000).map { _ in generator.make() } }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        for batch in batches {
            #expect(zip(batch, batch.dropFirst()).allSatisfy { $0 < $1 })
        }
        #expect(Set(batches.joined()).count == 16_000)
    }
}

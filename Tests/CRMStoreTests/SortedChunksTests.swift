import CRMStore
import CRMTestSupport
import Testing

/// `SortedChunks` against a plain sorted array: random inserts (in order, backfilled, duplicates),
/// removals and sweeps, with chunks small enough to split and empty out often; every walk from every
/// kind of cursor gives what the array gives.
@Suite struct SortedChunksTests {
    @Test(arguments: [1, 3, 16])
    func agreesWithASortedArray(chunkSize: Int) {
        var random = SeededGenerator(seed: UInt64(chunkSize) &* 7_919)
        var chunks = SortedChunks<Int>(chunkSize: chunkSize)
        var expected: [Int] = []
        for step in 0..<3_000 {
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<4:
                let value = (expected.last ?? 0) + Int.random(in: 0...3, using: &random)   // in order, some equal
                chunks.insert(value)
                expected.insert(value, at: upperBound(value, in: expected))
            case 4..<7:
                let value = Int.random(in: -50...(expected.last ?? 0) + 10, using: &random)   // anywhere
                chunks.insert(value)
                expected.insert(value, at: upperBound(value, in: expected))
            case 7..<9:
                let value = expected.randomElement(using: &random) ?? 0
                let present = expected.contains(value)
                #expect(chunks.remove(value) == present)
                if present { expected.remove(at: expected.firstIndex(of: value)!) }
            default:
                if step % 50 == 9 {
                    let modulus = Int.random(in: 2...7, using: &random)
                    chunks.removeAll { $0 % modulus == 0 }
                    expected.removeAll { $0 % modulus == 0 }
                }
            }
            #expect(chunks.count == expected.count)
            if step % 97 == 0 { check(chunks, expected, &random) }
        }
        check(chunks, expected, &random)
    }

    @Test func emptyAndSingle() {
        var chunks = SortedChunks<Int>(chunkSize: 2)
        var visited: [Int] = []
        chunks.forEach { visited.append($0); return true }
        chunks.forEachDescending(below: 5) { visited.append($0); return true }
        #expect(visited.isEmpty && chunks.isEmpty && chunks.first == nil && !chunks.remove(1))
        chunks.insert(4)
        #expect(chunks.first == 4 && chunks.last == 4 && chunks.contains(4) && !chunks.contains(3))
        #expect(chunks.remove(4) && chunks.isEmpty && chunks.elements.isEmpty)
    }

    private func check(_ chunks: SortedChunks<Int>, _ expected: [Int], _ random: inout SeededGenerator) {
        #expect(chunks.elements == expected)
        #expect(chunks.first == expected.first && chunks.last == expected.last)
        var probes = [Int.min, Int.max, -51] + (0..<8).map { _ in Int.random(in: -60...(expected.last ?? 0) + 5, using: &random) }
        probes += expected.isEmpty ? [] : [expected[0], expected[expected.count - 1], expected[expected.count / 2]]
        for probe in probes {
            #expect(chunks.contains(probe) == expected.contains(probe), "contains \(probe)")
            var after: [Int] = []
            chunks.forEach(after: probe) { after.append($0); return true }
            #expect(after == expected.filter { $0 > probe }, "after \(probe)")
            var below: [Int] = []
            chunks.forEachDescending(below: probe) { below.append($0); return true }
            #expect(below == expected.filter { $0 < probe }.reversed(), "below \(probe)")
            var firstThree: [Int] = []
            chunks.forEachDescending(below: probe) { firstThree.append($0); return firstThree.count < 3 }
            #expect(firstThree == Array(expected.filter { $0 < probe }.reversed().prefix(3)), "stops \(probe)")
        }
        var all: [Int] = []
        chunks.forEach { all.append($0); return true }
        #expect(all == expected)
        var allDown: [Int] = []
        chunks.forEachDescending { allDown.append($0); return true }
        #expect(allDown == expected.reversed())
    }

    private func upperBound(_ value: Int, in array: [Int]) -> Int {
        array.firstIndex { $0 > value } ?? array.count
    }
}

import CRMStore
import CRMTestSupport
import Testing

/// `SortedIDMap` against a `Dictionary`: keys mostly in increasing order, some far behind (kept
/// aside, then merged), updates, removals, sweeps and revivals; every answer and lookup agrees.
@Suite struct SortedIDMapTests {
    @Test func agreesWithADictionary() {
        var random = SeededGenerator(seed: 20_261_130)
        var map = SortedIDMap<Int, Int>()
        var expected: [Int: Int] = [:]
        var highest = 0
        for step in 0..<40_000 {
            let value = step
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<5:
                highest += Int.random(in: 1...3, using: &random)
                #expect(map.updateValue(value, forKey: highest) == expected.updateValue(value, forKey: highest))
            case 5..<7:
                let key = Int.random(in: 0...max(highest, 1), using: &random)   // behind: late, or an update
                #expect(map.updateValue(value, forKey: key) == expected.updateValue(value, forKey: key), "late \(key)")
            case 7..<9:
                let key = expected.keys.randomElement(using: &random) ?? 0
                #expect(map.removeValue(forKey: key) == expected.removeValue(forKey: key), "remove \(key)")
            default:
                let key = highest - Int.random(in: 0...5, using: &random)   // near the end: removed and back
                #expect(map.removeValue(forKey: key) == expected.removeValue(forKey: key))
                #expect(map.updateValue(value, forKey: key) == expected.updateValue(value, forKey: key))
            }
            #expect(map.count == expected.count)
            if step % 4_000 == 0 || step == 39_999 {
                for key in -1...(highest + 1) { #expect(map[key] == expected[key], "key \(key) at step \(step)") }
            }
        }
    }
}

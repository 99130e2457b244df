import Testing
@testable import CRMServices

/// `SeedInteractions.inTimeOrder`: the radix sort orders by time and keeps ties in their order, over
/// spans that need one, two and several passes.
@Suite struct SeedInteractionOrderTests {
    @Test(arguments: [1_000 as Int64, 3_000_000, 63_072_000_000, Int64(1) << 50])
    func ordersByTimeAndKeepsTies(span: Int64) {
        var random = SeedRandom(seed: UInt64(span))
        let base: Int64 = 1_700_000_000_000
        let events = (0..<20_000).map { index in
            SeedInteractions.Event(at: base + Int64(random.unit() * Double(span)) / 3 * 3, contact: Int32(index), kind: UInt8(index % 6))
        }
        let expected = events.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        let sorted = SeedInteractions.inTimeOrder(events)
        #expect(sorted.map(\.at) == expected.map(\.at))
        #expect(sorted.map(\.contact) == expected.map(\.contact), "ties keep their order")
        #expect(SeedInteractions.inTimeOrder([]).isEmpty)
    }
}

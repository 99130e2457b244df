import CRMModel
import CRMTestSupport
import Testing

@Suite struct ULIDTests {
    @Test func writesTwentySixCanonicalCharacters() {
        let ulid = ULID(milliseconds: 1_469_918_176_385, randomness: 0)
        #expect(ulid.description == "01ARYZ6S410000000000000000")
        #expect(ULID(rawValue: 0).description == "00000000000000000000000000")
        #expect(ULID(rawValue: .max).description == "7ZZZZZZZZZZZZZZZZZZZZZZZZZ")
    }

    @Test func splitsIntoTimeAndRandomness() {
        let ulid = ULID(milliseconds: 1_763_811_519_123, randomness: 0xABCD_EF01_2345_6789_ABCD)
        #expect(ulid.milliseconds == 1_763_811_519_123)
        #expect(ulid.timestamp == Timestamp(millisecondsSinceEpoch: 1_763_811_519_123))
        #expect(ulid.randomness == 0xABCD_EF01_2345_6789_ABCD)
    }

    @Test func parsesWhatItWrites() {
        var random = SeededGenerator(seed: 1)
        for _ in 0..<1_000 {
            let ulid = ULID(rawValue: UInt128(random.next()) << 64 | UInt128(random.next()))
            #expect(ULID(ulid.description) == ulid)
        }
    }

    @Test(arguments: [
        "", "01ARYZ6S41000000000000000", "01ARYZ6S4100000000000000000", "81ARYZ6S410000000000000000",
        "01aryz6s410000000000000000", "01ARYZ6S41000000000000000I", "01ARYZ6S41000000000000000L",
        "01ARYZ6S41000000000000000O", "01ARYZ6S41000000000000000U", "01ARYZ6S41000000000000000-",
        "01ARYZ6S41 000000000000000", "01ARYZ6S4100000000000000é",
    ])
    func refusesNonCanonicalText(text: String) {
        #expect(ULID(text) == nil)
    }

    @Test func textOrderIsCreationOrder() {
        let earlier = ULID(milliseconds: 1000, randomness: .max)
        let later = ULID(milliseconds: 1001, randomness: 0)
        #expect(earlier < later)
        #expect(earlier.description < later.description)
    }

    @Test func makeUsesTheCurrentTime() {
        let before = Timestamp.now()
        let ulid = ULID.make()
        #expect(ulid.timestamp >= before)
        #expect(ulid.timestamp <= Timestamp.now())
    }
}

import CRMModel
import Foundation
import Testing

@Suite struct TimestampTests {
    @Test func nowIsTheWallClock() {
        let foundation = Int64(Date().timeIntervalSince1970 * 1000)
        #expect(abs(Timestamp.now().millisecondsSinceEpoch - foundation) < 1_000)
    }

    @Test func addsAndSubtractsDurations() {
        let start = Timestamp(millisecondsSinceEpoch: 10_000)
        #expect(start + .seconds(2) == Timestamp(millisecondsSinceEpoch: 12_000))
        #expect(start - .milliseconds(1_500) == Timestamp(millisecondsSinceEpoch: 8_500))
        #expect(start + .microseconds(1_999) == Timestamp(millisecondsSinceEpoch: 10_001))
        #expect(start + .seconds(-3) == Timestamp(millisecondsSinceEpoch: 7_000))
        #expect(Timestamp(millisecondsSinceEpoch: 12_345) - start == .milliseconds(2_345))
    }

    @Test func ordersByTime() {
        #expect(Timestamp(millisecondsSinceEpoch: -1) < Timestamp(millisecondsSinceEpoch: 0))
    }

    @Test func writableRangeIsYearsZeroToNineThousandNineHundredNinetyNine() {
        #expect(Timestamp.earliestWritable.rfc3339 == "0000-01-01T00:00:00.000Z")
        #expect(Timestamp.latestWritable.rfc3339 == "9999-12-31T23:59:59.999Z")
        #expect(Timestamp.latestWritable.millisecondsSinceEpoch == 253_402_300_799_999)
        #expect(Timestamp.earliestWritable.millisecondsSinceEpoch == -62_167_219_200_000)
    }

    @Test func codesAsRFC3339() throws {
        let timestamp = Timestamp(millisecondsSinceEpoch: 1_763_811_519_123)
        let coded = try JSONEncoder().encode([timestamp])
        #expect(String(decoding: coded, as: UTF8.self) == #"["2025-11-22T11:38:39.123Z"]"#)
        #expect(try JSONDecoder().decode([Timestamp].self, from: coded) == [timestamp])
    }
}

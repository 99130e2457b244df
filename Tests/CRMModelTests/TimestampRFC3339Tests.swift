import CRMModel
import CRMTestSupport
import Foundation
import Testing

@Suite struct TimestampRFC3339Tests {
    private func at(_ milliseconds: Int64) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: milliseconds)
    }

    @Test func writesUTCWithMilliseconds() {
        #expect(at(0).rfc3339 == "1970-01-01T00:00:00.000Z")
        #expect(at(1_795_347_519_123).rfc3339 == "2026-11-22T11:38:39.123Z")
        #expect(at(-1).rfc3339 == "1969-12-31T23:59:59.999Z")
        #expect(at(951_782_400_000).rfc3339 == "2000-02-29T00:00:00.000Z")
        #expect(at(.max).rfc3339 == "9999-12-31T23:59:59.999Z")
        #expect(at(.min).rfc3339 == "0000-01-01T00:00:00.000Z")
        #expect(at(42).description == at(42).rfc3339)
    }

    @Test func roundTripsAcrossTheWholeRange() {
        var random = SeededGenerator(seed: 3339)
        let range = Timestamp.earliestWritable.millisecondsSinceEpoch...Timestamp.latestWritable.millisecondsSinceEpoch
        var samples = (0..<20_000).map { _ in Int64.random(in: range, using: &random) }
        samples += [range.lowerBound, range.upperBound, 0, -1, 1, 86_399_999, 86_400_000]
        let failures = samples.filter { Timestamp(rfc3339: at($0).rfc3339) != at($0) }
        #expect(failures.isEmpty)
    }

    @Test func agreesWithFoundationOnModernDates() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var random = SeededGenerator(seed: 8601)
        let disagreements = (0..<2_000).compactMap { _ -> String? in
            let milliseconds = Int64.random(in: -2_000_000_000_000...4_000_000_000_000, using: &random)
            let ours = at(milliseconds).rfc3339
            let foundation = formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
            return ours == foundation ? nil : "\(ours) ≠ \(foundation)"
        }
        #expect(disagreements.isEmpty)
    }

    @Test func readsOffsetsAndFractions() {
        let expected = at(1_795_347_519_123)
        #expect(Timestamp(rfc3339: "2026-11-22T11:38:39.123Z") == expected)
        #expect(Timestamp(rfc3339: "2026-11-22t11:38:39.123z") == expected)
        #expect(Timestamp(rfc3339: "2026-11-22T12:38:39.123+01:00") == expected)
        #expect(Timestamp(rfc3339: "2026-11-22T06:08:39.123-05:30") == expected)
        #expect(Timestamp(rfc3339: "2026-11-23T00:38:39.123+13:00") == expected)
        #expect(Timestamp(rfc3339: "2026-11-22T11:38:39.123-00:00") == expected)
        #expect(Timestamp(rfc3339: "2026-11-22T11:38:39.123456789Z") == expected)
        #expect(Timestamp(rfc3339: "2026-11-22T11:38:39.1239Z") == expected)
        #expect(Timestamp(rfc3339: "2026-11-22T11:38:39.1Z") == at(1_795_347_519_100))
        #expect(Timestamp(rfc3339: "2026-11-22T11:38:39.12Z") == at(1_795_347_519_120))
        #expect(Timestamp(rfc3339: "2026-11-22T11:38:39Z") == at(1_795_347_519_000))
        #expect(Timestamp(rfc3339: "1969-12-31T23:59:59.999Z") == at(-1))
    }

    @Test(arguments: [
        "", "2026-11-22", "2026-11-22T11:38:39", "2026-11-22 11:38:39Z", "2026-11-22T11:38Z",
        "2026-11-22T11:38:39.Z", "2026-11-22T11:38:39.1234567890Z", "2026-11-22T11:38:39,123Z",
        "2026-11-22T11:38:39.123ZZ", "2026-11-22T11:38:39.123+0100", "2026-11-22T11:38:39.123+01",
        "2026-11-22T11:38:39.123+24:00", "2026-11-22T11:38:39.123+01:60", "2026-11-22T24:00:00Z",
        "2026-11-22T11:60:00Z", "2026-11-22T23:59:60Z", "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z", "2026-11-00T00:00:00Z", "2026-04-31T00:00:00Z", "1900-02-29T00:00:00Z",
        "+2026-11-22T11:38:39Z", "26-11-22T11:38:39Z", "2026-1-22T11:38:39Z", "２026-11-22T11:38:39Z",
        "9999-12-31T23:59:59.999-00:01", "0000-01-01T00:00:00+00:01", " 2026-11-22T11:38:39Z",
        "2026-11-22T11:38:39Z ", "2026-11-22T11:38:39.123+01:00x",
    ])
    func refusesEverythingElse(text: String) {
        #expect(Timestamp(rfc3339: text) == nil, "accepted \(text)")
    }

    @Test func acceptsLeapDaysAndTheYearLimits() {
        #expect(Timestamp(rfc3339: "2000-02-29T00:00:00Z") != nil)
        #expect(Timestamp(rfc3339: "2024-02-29T12:00:00Z") != nil)
        #expect(Timestamp(rfc3339: "0000-02-29T00:00:00Z") != nil)  // year 0 is a leap year
        #expect(Timestamp(rfc3339: "9999-12-31T23:59:59.999Z") == .latestWritable)
        #expect(Timestamp(rfc3339: "0000-01-01T00:00:00Z") == .earliestWritable)
        #expect(Timestamp(rfc3339: "9999-12-31T23:59:59.999+00:01") == .latestWritable - .seconds(60))
    }

    @Test func writesIntoJSONWithoutEscaping() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("createdAt", at(0))
        writer.field("deletedAt", nil as Timestamp?)
        writer.endObject()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"createdAt":"1970-01-01T00:00:00.000Z","deletedAt":null}"#)
    }

    @Test func printsFormattingSpeed() {
        let clock = ContinuousClock()
        let rounds = 20_000
        var total = 0
        let elapsed = clock.measure {
            for offset in 0..<rounds { total &+= at(1_795_347_519_123 + Int64(offset) * 977).rfc3339.utf8.count }
        }
        #expect(total == rounds * 24)
        print(String(format: "Timestamp.rfc3339: %.0f ns per call", elapsed.seconds * 1e9 / Double(rounds)))
    }
}

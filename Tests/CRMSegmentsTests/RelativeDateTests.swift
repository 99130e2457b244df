import CRMModel
import CRMSegments
import Testing

@Suite struct RelativeDateTests {
    @Test func readsSignAmountAndUnit() {
        #expect(RelativeDate("-90d") == RelativeDate(amount: -90, unit: .days))
        #expect(RelativeDate("+2w") == RelativeDate(amount: 2, unit: .weeks))
        #expect(RelativeDate("-12h") == RelativeDate(amount: -12, unit: .hours))
        #expect(RelativeDate("-999999w")?.amount == -999_999)
        #expect(RelativeDate("-007d")?.amount == -7)
    }

    @Test(arguments: ["90d", "-90", "d", "-d", "+-1d", "-1.5d", "-1m", "-1D", " -1d", "-1d ", "-1000000d", "", "now", "-１d"])
    func refusesAnythingElse(_ text: String) {
        #expect(RelativeDate(text) == nil)
    }

    @Test func resolvesAgainstNow() {
        let now = timestamp("2026-11-22T12:00:00.000Z")
        #expect(RelativeDate("-90d")!.resolved(now: now) == timestamp("2026-08-24T12:00:00.000Z"))
        #expect(RelativeDate("+2w")!.resolved(now: now) == timestamp("2026-12-06T12:00:00.000Z"))
        #expect(RelativeDate("-36h")!.resolved(now: now) == timestamp("2026-11-21T00:00:00.000Z"))
        #expect(RelativeDate("+0d")!.resolved(now: now) == now)
    }

    @Test func writesCanonicalText() {
        #expect(RelativeDate("-007d")?.description == "-7d")
        #expect(RelativeDate("-0h")?.description == "+0h")
        #expect(RelativeDate("+2w")?.description == "+2w")
        #expect(RelativeDate(amount: 1_000_000, unit: .days) == nil)
    }

    @Test func segmentTimeReadsAllThreeSpellingsAndSpansDays() {
        let now = timestamp("2026-11-22T12:00:00.000Z")
        #expect(SegmentTime("-1d") == .relative(RelativeDate(amount: -1, unit: .days)!))
        #expect(SegmentTime("2026-01-31") == .day(CalendarDate(year: 2026, month: 1, day: 31)!))
        #expect(SegmentTime("2026-01-31T10:00:00+02:00") == .instant(timestamp("2026-01-31T08:00:00.000Z")))
        #expect(SegmentTime("2026-02-30") == nil)
        #expect(SegmentTime("yesterday") == nil)
        let day = SegmentTime("2026-01-31")!.span(now: now)
        #expect(day.lowerBound == timestamp("2026-01-31T00:00:00.000Z").millisecondsSinceEpoch)
        #expect(day.upperBound == timestamp("2026-01-31T23:59:59.999Z").millisecondsSinceEpoch)
        #expect(SegmentTime("-1d")!.span(now: now) == 1_795_262_400_000...1_795_262_400_000)
        #expect(SegmentTime("2026-01-31T10:00:00+02:00")!.text == "2026-01-31T08:00:00.000Z")
    }
}

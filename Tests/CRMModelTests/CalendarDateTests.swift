import CRMModel
import Foundation
import Testing

@Suite struct CalendarDateTests {
    @Test func readsAndWritesYearMonthDay() {
        let date = CalendarDate("2026-11-22")
        #expect(date?.year == 2026 && date?.month == 11 && date?.day == 22)
        #expect(date?.description == "2026-11-22")
        #expect(CalendarDate("0000-01-01")?.description == "0000-01-01")
        #expect(CalendarDate("9999-12-31")?.description == "9999-12-31")
    }

    @Test(arguments: [
        "", "2026-11-2", "2026-1-22", "2026/11/22", "2026-11-22T00:00:00Z", "2026-02-29", "2100-02-29",
        "2026-00-01", "2026-13-01", "2026-11-31", "2026-11-00", "-001-01-01", "10000-01-01", "2026-11-22 ",
    ])
    func refusesOtherText(text: String) {
        #expect(CalendarDate(text) == nil)
    }

    @Test func knowsLeapYears() {
        #expect(CalendarDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2023, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 10_000, month: 1, day: 1) == nil)
    }

    @Test func countsDaysLikeAWalkThroughTheCalendar() {
        // Walk day by day from 1970-01-01 backwards and forwards, checking each conversion.
        var forward = (year: 1970, month: 1, day: 1)
        var backward = forward
        var mismatches: [String] = []
        for days in 0..<200_000 {
            let later = CalendarDate(year: forward.year, month: forward.month, day: forward.day)!
            let earlier = CalendarDate(year: backward.year, month: backward.month, day: backward.day)!
            if later.daysSinceEpoch != Int64(days) || CalendarDate(later.startOfDay) != later {
                mismatches.append("\(later)")
            }
            if earlier.daysSinceEpoch != -Int64(days) || CalendarDate(earlier.startOfDay + .seconds(23 * 3_600)) != earlier {
                mismatches.append("\(earlier)")
            }
            forward = Self.step(forward, by: 1)
            backward = Self.step(backward, by: -1)
        }
        #expect(mismatches.isEmpty)
    }

    private static func step(_ date: (year: Int, month: Int, day: Int), by days: Int) -> (year: Int, month: Int, day: Int) {
        var (year, month, day) = date
        day += days
        let lengths = { (y: Int, m: Int) -> Int in
            let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
            return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        }
        if day > lengths(year, month) {
            day = 1
            month += 1
            if month > 12 { month = 1; year += 1 }
        } else if day < 1 {
            month -= 1
            if month < 1 { month = 12; year -= 1 }
            day = lengths(year, month)
        }
        return (year, month, day)
    }

    @Test func isTheUTCDateOfATimestamp() {
        #expect(CalendarDate(Timestamp(millisecondsSinceEpoch: -1)).description == "1969-12-31")
        #expect(CalendarDate(Timestamp(rfc3339: "2026-11-22T23:59:59.999Z")!).description == "2026-11-22")
        #expect(CalendarDate(Timestamp(rfc3339: "2026-11-22T23:30:00-01:00")!).description == "2026-11-23")
        #expect(CalendarDate("2026-11-22")!.startOfDay.rfc3339 == "2026-11-22T00:00:00.000Z")
    }

    @Test func ordersChronologically() {
        #expect(CalendarDate("2025-12-31")! < CalendarDate("2026-01-01")!)
        #expect(CalendarDate("2026-01-31")! < CalendarDate("2026-02-01")!)
    }
}

/// The periods analytics groups by, all in UTC: `day`; `week`, Monday to Sunday (ISO 8601), named
/// by its Monday's date; `month`, the calendar month, named `YYYY-MM`. Periods are numbered so that
/// consecutive periods have consecutive numbers.
public enum AnalyticsInterval: String, Sendable, CaseIterable {
    case day, week, month

    /// The number of the period holding UTC day `day` (days since 1970-01-01).
    public func period(ofDay day: Int64) -> Int64 {
        switch self {
        case .day: return day
        case .week: return Self.floorDivide(day + 3, 7)  // 1970-01-01 was a Thursday
        case .month:
            let date = CivilCalendar.date(days: day)
            return Int64(date.year) * 12 + Int64(date.month - 1)
        }
    }

    /// The period holding the instant `millis` (milliseconds since the epoch).
    public func period(ofMillis millis: Int64) -> Int64 {
        period(ofDay: Self.floorDivide(millis, 86_400_000))
    }

    /// The first UTC day of period `period`.
    public func firstDay(of period: Int64) -> Int64 {
        switch self {
        case .day: return period
        case .week: return period * 7 - 3
        case .month:
            let year = Int(Self.floorDivide(period, 12))
            return CivilCalendar.days(year: year, month: Int(period - Int64(year) * 12) + 1, day: 1)
        }
    }

    /// `2026-11-22` (day), `2026-11-16` (the week's Monday), `2026-11` (month).
    public func label(of period: Int64) -> String {
        let date = CivilCalendar.date(days: firstDay(of: period))
        let text = CalendarDate(year: date.year, month: date.month, day: date.day)?.description ?? ""
        return self == .month ? String(text.prefix(7)) : text
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : (value - divisor + 1) / divisor
    }
}

/// A day in the proleptic Gregorian calendar with no time or zone (`2026-11-22`): birthdays,
/// due dates, analytics buckets. Years 0000–9999, as RFC 3339 `full-date` writes them.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible, LosslessStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A date if it exists (no 30 February, 29 February only in leap years), nil otherwise.
    public init?(year: Int, month: Int, day: Int) {
        guard CivilCalendar.isValid(year: year, month: month, day: day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads exactly `YYYY-MM-DD`.
    public init?(_ text: String) {
        var text = text
        guard let date = text.withUTF8({ CalendarDate(utf8: $0) }) else { return nil }
        self = date
    }

    init?(utf8: UnsafeBufferPointer<UInt8>) {
        guard utf8.count == 10, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-"),
            let year = ASCIIDigits.read(utf8, at: 0, count: 4),
            let month = ASCIIDigits.read(utf8, at: 5, count: 2),
            let day = ASCIIDigits.read(utf8, at: 8, count: 2)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The UTC date on which `timestamp` falls (clamped to years 0000–9999).
    public init(_ timestamp: Timestamp) {
        let clamped = min(max(timestamp, .earliestWritable), .latestWritable).millisecondsSinceEpoch
        (year, month, day) = CivilCalendar.date(days: CivilCalendar.split(millisecondsSinceEpoch: clamped).days)
    }

    /// Days since 1970-01-01 (negative before it).
    public var daysSinceEpoch: Int64 {
        CivilCalendar.days(year: year, month: month, day: day)
    }

    /// Midnight UTC at the start of this date.
    public var startOfDay: Timestamp {
        Timestamp(millisecondsSinceEpoch: daysSinceEpoch * CivilCalendar.millisecondsPerDay)
    }

    public var description: String {
        String(unsafeUninitializedCapacity: 10) { buffer in
            ASCIIDigits.write(year, count: 4, into: buffer, at: 0)
            buffer[4] = UInt8(ascii: "-")
            ASCIIDigits.write(month, count: 2, into: buffer, at: 5)
            buffer[7] = UInt8(ascii: "-")
            ASCIIDigits.write(day, count: 2, into: buffer, at: 8)
            return 10
        }
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

extension CalendarDate: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date: \(text)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// RFC 3339 text for `Timestamp`: always written as UTC with exactly three fraction digits
/// (`2026-11-22T11:38:39.123Z`), read strictly.
///
/// Reading accepts `YYYY-MM-DDTHH:MM:SS`, an optional `.` with 1–9 fraction digits (cut to
/// milliseconds), then `Z` or `±HH:MM`; `T` and `Z` may be lower case, as RFC 3339 §5.6 allows.
/// Everything else is refused: a space for `T`, missing seconds, impossible dates, hour 24,
/// leap second 60 (Unix time has no place for it), offsets without a colon, and instants outside
/// the years 0000–9999.
extension Timestamp {
    /// Length of the written form.
    static let rfc3339Length = 24

    /// The RFC 3339 UTC text with milliseconds. Instants outside 0000–9999 cannot be spelled and
    /// are written as the nearest writable one.
    public var rfc3339: String {
        String(unsafeUninitializedCapacity: Self.rfc3339Length) { buffer in
            writeRFC3339(into: buffer)
            return Self.rfc3339Length
        }
    }

    /// Appends the RFC 3339 text to `bytes` without building a `String`.
    func appendRFC3339(to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.rfc3339Length) { buffer in
            writeRFC3339(into: buffer)
            bytes.append(contentsOf: UnsafeBufferPointer(buffer))
        }
    }

    private func writeRFC3339(into buffer: UnsafeMutableBufferPointer<UInt8>) {
        let milliseconds = min(max(self, .earliestWritable), .latestWritable).millisecondsSinceEpoch
        let (days, timeOfDay) = CivilCalendar.split(millisecondsSinceEpoch: milliseconds)
        let date = CivilCalendar.date(days: days)
        ASCIIDigits.write(date.year, count: 4, into: buffer, at: 0)
        buffer[4] = UInt8(ascii: "-")
        ASCIIDigits.write(date.month, count: 2, into: buffer, at: 5)
        buffer[7] = UInt8(ascii: "-")
        ASCIIDigits.write(date.day, count: 2, into: buffer, at: 8)
        buffer[10] = UInt8(ascii: "T")
        ASCIIDigits.write(timeOfDay / 3_600_000, count: 2, into: buffer, at: 11)
        buffer[13] = UInt8(ascii: ":")
        ASCIIDigits.write(timeOfDay / 60_000 % 60, count: 2, into: buffer, at: 14)
        buffer[16] = UInt8(ascii: ":")
        ASCIIDigits.write(timeOfDay / 1000 % 60, count: 2, into: buffer, at: 17)
        buffer[19] = UInt8(ascii: ".")
        ASCIIDigits.write(timeOfDay % 1000, count: 3, into: buffer, at: 20)
        buffer[23] = UInt8(ascii: "Z")
    }

    /// Reads an RFC 3339 date-time (see the type's notes for exactly what is accepted).
    public init?(rfc3339 text: String) {
        var text = text
        guard let timestamp = text.withUTF8({ Timestamp(rfc3339: $0) }) else { return nil }
        self = timestamp
    }

    init?(rfc3339 utf8: UnsafeBufferPointer<UInt8>) {
        guard utf8.count >= 20,
            let date = CalendarDate(utf8: UnsafeBufferPointer(rebasing: utf8[0..<10])),
            utf8[10] | 0x20 == UInt8(ascii: "t"),
            let hour = ASCIIDigits.read(utf8, at: 11, count: 2), hour < 24, utf8[13] == UInt8(ascii: ":"),
            let minute = ASCIIDigits.read(utf8, at: 14, count: 2), minute < 60, utf8[16] == UInt8(ascii: ":"),
            let second = ASCIIDigits.read(utf8, at: 17, count: 2), second < 60
        else { return nil }

        var position = 19
        var fractionMilliseconds = 0
        if utf8[position] == UInt8(ascii: ".") {
            position += 1
            let digitsStart = position
            while position < utf8.count, utf8[position] &- UInt8(ascii: "0") < 10 {
                if position - digitsStart < 3 {
                    fractionMilliseconds = fractionMilliseconds * 10 + Int(utf8[position] - UInt8(ascii: "0"))
                }
                position += 1
            }
            let digitCount = position - digitsStart
            guard (1...9).contains(digitCount) else { return nil }
            for _ in min(digitCount, 3)..<3 { fractionMilliseconds *= 10 }
        }
        guard let offsetMinutes = Self.offsetMinutes(utf8, at: position) else { return nil }

        let secondsOfDay = Int64((hour * 60 + minute - offsetMinutes) * 60 + second)
        let milliseconds = date.daysSinceEpoch * CivilCalendar.millisecondsPerDay
            + secondsOfDay * 1000 + Int64(fractionMilliseconds)
        let timestamp = Timestamp(millisecondsSinceEpoch: milliseconds)
        guard timestamp >= .earliestWritable, timestamp <= .latestWritable else { return nil }
        self = timestamp
    }

    /// The zone offset that ends the text: `Z`/`z` is 0, `+HH:MM` / `-HH:MM` in minutes east.
    private static func offsetMinutes(_ utf8: UnsafeBufferPointer<UInt8>, at position: Int) -> Int? {
        guard position < utf8.count else { return nil }
        switch utf8[position] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            return position + 1 == utf8.count ? 0 : nil
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard position + 6 == utf8.count,
                let hours = ASCIIDigits.read(utf8, at: position + 1, count: 2), hours < 24,
                utf8[position + 3] == UInt8(ascii: ":"),
                let minutes = ASCIIDigits.read(utf8, at: position + 4, count: 2), minutes < 60
            else { return nil }
            let east = hours * 60 + minutes
            return utf8[position] == UInt8(ascii: "+") ? east : -east
        default:
            return nil
        }
    }
}

extension JSONWriter {
    /// Writes a timestamp as its RFC 3339 string, straight from the number.
    public mutating func timestamp(_ timestamp: Timestamp) {
        appendUnescapedString { timestamp.appendRFC3339(to: &$0) }
    }

    public mutating func field(_ key: StaticString, _ timestamp: Timestamp) {
        self.key(key)
        self.timestamp(timestamp)
    }

    public mutating func field(_ key: StaticString, _ timestamp: Timestamp?) {
        self.key(key)
        if let timestamp { self.timestamp(timestamp) } else { null() }
    }
}

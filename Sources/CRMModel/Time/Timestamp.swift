import Foundation

/// An instant as whole milliseconds since 1970-01-01T00:00:00Z: what every `createdAt`,
/// `updatedAt` and `occurredAt` holds. Written as RFC 3339 UTC with milliseconds
/// (`2026-11-22T11:38:39.123Z`, see `Timestamp+RFC3339.swift`).
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// The current wall-clock time, to the millisecond.
    public static func now() -> Timestamp {
        Timestamp(millisecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }

    /// 0000-01-01T00:00:00.000Z, the earliest instant RFC 3339 can write.
    public static let earliestWritable = Timestamp(
        millisecondsSinceEpoch: CivilCalendar.days(year: 0, month: 1, day: 1) * CivilCalendar.millisecondsPerDay)

    /// 9999-12-31T23:59:59.999Z, the latest instant RFC 3339 can write.
    public static let latestWritable = Timestamp(
        millisecondsSinceEpoch: CivilCalendar.days(year: 10_000, month: 1, day: 1) * CivilCalendar.millisecondsPerDay - 1)

    public var description: String { rfc3339 }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    /// The instant `duration` later (earlier if negative), truncated to whole milliseconds.
    public static func + (lhs: Timestamp, rhs: Duration) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: lhs.millisecondsSinceEpoch + rhs.wholeMilliseconds)
    }

    public static func - (lhs: Timestamp, rhs: Duration) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: lhs.millisecondsSinceEpoch - rhs.wholeMilliseconds)
    }

    /// How long after `rhs` this instant is (negative if before).
    public static func - (lhs: Timestamp, rhs: Timestamp) -> Duration {
        .milliseconds(lhs.millisecondsSinceEpoch - rhs.millisecondsSinceEpoch)
    }
}

extension Duration {
    /// This duration in whole milliseconds, the fraction dropped toward zero.
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

extension Timestamp: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let timestamp = Timestamp(rfc3339: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not an RFC 3339 timestamp: \(text)"))
        }
        self = timestamp
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rfc3339)
    }
}

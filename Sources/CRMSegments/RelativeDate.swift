import CRMModel

/// A time relative to the moment a filter is evaluated: a sign, a whole number of 1–6 digits and
/// a unit, `h` (hours), `d` (days) or `w` (weeks). `"-90d"` is 90 days ago, `"+2w"` two weeks
/// from now. The sign is required, so `90d` is refused rather than guessed at; days are 24 hours
/// and weeks 7 days (UTC, no calendar arithmetic).
public struct RelativeDate: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    public enum Unit: Character, Sendable, Hashable, CaseIterable {
        case hours = "h"
        case days = "d"
        case weeks = "w"

        var milliseconds: Int64 {
            switch self {
            case .hours: 3_600_000
            case .days: 86_400_000
            case .weeks: 604_800_000
            }
        }
    }

    /// Negative for the past.
    public var amount: Int
    public var unit: Unit

    /// The largest magnitude `amount` may have (six digits).
    public static let maximumMagnitude = 999_999

    public init?(amount: Int, unit: Unit) {
        guard abs(amount) <= Self.maximumMagnitude else { return nil }
        self.amount = amount
        self.unit = unit
    }

    /// Reads `[+-]<1–6 digits><h|d|w>`; nil for anything else.
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 3, utf8.count <= 8,
              utf8[0] == UInt8(ascii: "-") || utf8[0] == UInt8(ascii: "+"),
              let unit = Unit(rawValue: Character(Unicode.Scalar(utf8[utf8.count - 1])))
        else { return nil }
        var magnitude = 0
        for byte in utf8[1..<(utf8.count - 1)] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            magnitude = magnitude * 10 + Int(byte - UInt8(ascii: "0"))
        }
        self.init(amount: utf8[0] == UInt8(ascii: "-") ? -magnitude : magnitude, unit: unit)
    }

    /// The instant this much before or after `now`.
    public func resolved(now: Timestamp) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch + Int64(amount) * unit.milliseconds)
    }

    /// The canonical text, `-90d` or `+2w`: no leading zeros, and zero as `+0d` (with its unit).
    public var description: String {
        (amount < 0 ? "-" : "+") + String(abs(amount)) + String(unit.rawValue)
    }
}

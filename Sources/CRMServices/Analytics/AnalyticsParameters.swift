import CRMModel
import CRMRouter

/// The query parameters of the analytics endpoints, parsed strictly: each endpoint names the ones it
/// takes; an unknown parameter or a bad value is 400. Times are RFC 3339; `asOf` defaults to now,
/// `since`/`until` to open ends.
struct AnalyticsParameters {
    var asOf: Timestamp
    var since: Timestamp?
    var until: Timestamp?
    var interval: AnalyticsInterval = .month
    var currency: String?
    var limit = 50
    var cursor: CursorPosition?
    var horizon = 6
    var lifespanYears = 3.0
    var groupBy: String?

    init(_ query: QueryParameters, accepting accepted: Set<String>, intervals: [AnalyticsInterval] = AnalyticsInterval.allCases,
         groups: [String] = []) throws(Problem) {
        for name in query.names where !accepted.contains(name) {
            throw Problem.badRequest("Unknown query parameter '\(name)'; accepted: \(accepted.sorted().joined(separator: ", ")).")
        }
        asOf = try query.timestamp("asOf") ?? Timestamp.now()
        since = try query.timestamp("since")
        until = try query.timestamp("until")
        if let text = query["interval"] {
            guard let value = AnalyticsInterval(rawValue: text), intervals.contains(value) else {
                throw Problem.badRequest("interval must be one of \(intervals.map(\.rawValue).joined(separator: ", ")).")
            }
            interval = value
        }
        if let text = query["currency"] {
            guard Money.isValidCurrency(text) else { throw Problem.badRequest("currency must be an ISO 4217 code such as EUR.") }
            currency = text
        }
        if let value = try PageParameters.limit(in: query) { limit = value }
        cursor = try PageParameters.cursor(in: query)
        if let text = query["horizon"] {
            guard let value = Int(text), (1...36).contains(value) else { throw Problem.badRequest("horizon must be an integer from 1 to 36.") }
            horizon = value
        }
        if let text = query["lifespanYears"] {
            guard let value = Double(text), value > 0, value <= 100 else { throw Problem.badRequest("lifespanYears must be a number above 0 and at most 100.") }
            lifespanYears = value
        }
        if let text = query["groupBy"] {
            guard groups.contains(text) else { throw Problem.badRequest("groupBy must be one of \(groups.joined(separator: ", ")).") }
            groupBy = text
        }
        if let since, let until, since > until { throw Problem.badRequest("since must not be after until.") }
    }

    /// Milliseconds from `from` to `asOf` in fractional days (SPEC §6).
    func days(since from: Int64) -> Double {
        Double(asOf.millisecondsSinceEpoch - from) / 86_400_000
    }
}

extension JSONWriter {
    /// A rate as a number, or `null` when it has no denominator (JSON has no NaN).
    mutating func rate(_ key: StaticString, _ numerator: Double, over denominator: Double) {
        field(key, denominator > 0 ? Self.rounded(numerator / denominator) : nil)
    }

    /// Six decimals: enough for every figure here, and the same text on every machine.
    static func rounded(_ value: Double) -> Double {
        (value * 1_000_000).rounded() / 1_000_000
    }
}

import CRMModel

/// Revenue over time from the ledger's per-day totals (whole UTC days), in one currency, with
/// every period present (zero when nothing was bought), and Holt's linear forecast of it.
struct RevenueAnalysis {
    let currency: String?
    let parameters: AnalyticsParameters
    private let byDay: [Int64: Int64]
    private let firstDay: Int64?

    init(_ tables: borrowing ContactTables, _ parameters: AnalyticsParameters) {
        let currency = parameters.currency ?? tables.purchases.mainCurrency
        var byDay: [Int64: Int64] = [:]
        for (key, amount) in tables.purchases.revenueByDay where key.currency == currency { byDay[key.day, default: 0] &+= amount }
        self.currency = currency
        self.parameters = parameters
        self.byDay = byDay
        firstDay = byDay.keys.min()
    }

    /// Revenue per period from `first` through `last` (period numbers of `parameters.interval`).
    func series(from first: Int64, through last: Int64) -> [(period: Int64, revenue: Int64)] {
        guard first <= last else { return [] }
        let interval = parameters.interval
        var totals = Array(repeating: Int64(0), count: Int(last - first) + 1)
        for (day, amount) in byDay {
            let period = interval.period(ofDay: day)
            if period >= first && period <= last { totals[Int(period - first)] &+= amount }
        }
        return totals.enumerated().map { (first + Int64($0.offset), $0.element) }
    }

    /// `GET /v1/analytics/revenue`: `since` (default: 11 periods before `until`'s) through `until`
    /// (default `asOf`), whole periods.
    func revenue() -> [UInt8] {
        let interval = parameters.interval
        let last = interval.period(ofMillis: (parameters.until ?? parameters.asOf).millisecondsSinceEpoch)
        let first = parameters.since.map { interval.period(ofMillis: $0.millisecondsSinceEpoch) } ?? last - 11
        let points = series(from: first, through: last)
        var writer = JSONWriter(reservingCapacity: 128 + 64 * points.count)
        writer.beginObject()
        writer.field("interval", interval.rawValue)
        writer.field("currency", currency)
        writer.field("total", points.reduce(Int64(0)) { $0 &+ $1.revenue })
        writer.field("data", points) { writer, point in
            writer.beginObject()
            writer.field("period", interval.label(of: point.period))
            writer.field("revenue", point.revenue)
            writer.endObject()
        }
        writer.endObject()
        return writer.bytes
    }

    /// The history Holt's method fits: whole periods from the first with a purchase (or `since`)
    /// through the last one that ended before `asOf`, at most the last 36.
    func history() -> [(period: Int64, revenue: Int64)] {
        let interval = parameters.interval
        let last = interval.period(ofMillis: parameters.asOf.millisecondsSinceEpoch) - 1
        guard let firstDay else { return [] }
        var first = parameters.since.map { interval.period(ofMillis: $0.millisecondsSinceEpoch) } ?? interval.period(ofDay: firstDay)
        first = max(first, last - 35)
        return series(from: first, through: last)
    }
}

/// Holt's linear (double exponential) smoothing with α = 0.5, β = 0.3: level₀ = y₀, trend₀ = y₁ − y₀;
/// levelₜ = α·yₜ + (1 − α)(levelₜ₋₁ + trendₜ₋₁), trendₜ = β(levelₜ − levelₜ₋₁) + (1 − β)·trendₜ₋₁;
/// the forecast h periods ahead is level + h·trend, never below 0. One point forecasts itself flat;
/// none forecasts zeros.
enum HoltForecast {
    static let alpha = 0.5
    static let beta = 0.3

    static func forecast(_ values: [Double], horizon: Int) -> [Double] {
        guard let first = values.first else { return Array(repeating: 0, count: horizon) }
        var level = first
        var trend = values.count > 1 ? values[1] - values[0] : 0
        for value in values.dropFirst() {
            let previous = level
            level = alpha * value + (1 - alpha) * (level + trend)
            trend = beta * (level - previous) + (1 - beta) * trend
        }
        return (1...max(1, horizon)).prefix(horizon).map { max(0, level + Double($0) * trend) }
    }
}

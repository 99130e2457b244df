import CRMModel

/// Sales metrics from the deals (SPEC §3): among deals closed between `since` and `until` (by
/// `closedAt`), the win rate won ÷ (won + lost), the average won amount and the median sales cycle
/// (days from creation to close of won deals); and the pipeline now — per stage, how many deals,
/// their value and their value weighted by the stage's probability. Money in one currency: deals in
/// others are counted but not summed.
struct SalesAnalysis {
    let deals: [Deal]
    let pipeline: Pipeline
    let currency: String?

    /// `currency` is already resolved (the request's, or the one most deals use).
    init(deals: [Deal], pipeline: Pipeline, currency: String?) {
        self.deals = deals
        self.pipeline = pipeline
        self.currency = currency
    }

    func amount(_ deal: Deal) -> Int64 { deal.fields.amount.currency == currency ? deal.fields.amount.amount : 0 }

    /// `stages`: deals and value per stage now (`DealsState.stageTotals`, in `currency`).
    func sales(_ parameters: AnalyticsParameters, stages: [String: (deals: Int, value: Int64)]) -> [UInt8] {
        let since = parameters.since?.millisecondsSinceEpoch ?? Int64.min
        let until = min(parameters.until?.millisecondsSinceEpoch ?? Int64.max, parameters.asOf.millisecondsSinceEpoch)
        var won: [Deal] = []
        var lost = 0
        for deal in deals {
            guard let closed = deal.closedAt?.millisecondsSinceEpoch, closed >= since, closed <= until else { continue }
            switch pipeline.outcome(of: deal.stage) {
            case .won?: won.append(deal)
            case .lost?: lost += 1
            default: break
            }
        }
        let wonInCurrency = won.filter { $0.fields.amount.currency == currency }
        let cycles = won.map { Double($0.closedAt!.millisecondsSinceEpoch - $0.createdAt.millisecondsSinceEpoch) / 86_400_000 }
        var writer = JSONWriter(reservingCapacity: 2048)
        writer.beginObject()
        writer.field("currency", currency)
        writer.field("won", won.count)
        writer.field("lost", lost)
        writer.rate("winRate", Double(won.count), over: Double(won.count + lost))
        writer.rate("averageWonAmount", Double(wonInCurrency.reduce(Int64(0)) { $0 &+ $1.fields.amount.amount }), over: Double(wonInCurrency.count))
        writer.field("medianSalesCycleDays", CustomerAnalytics.median(cycles).map(JSONWriter.rounded))
        writer.field("pipeline", pipeline.stages) { writer, stage in
            let entry = stages[stage.key] ?? (0, 0)
            writer.beginObject()
            writer.field("stage", stage.key)
            writer.field("probability", stage.probability)
            writer.field("outcome", pipeline.outcome(of: stage.key)!.rawValue)
            writer.field("deals", entry.deals)
            writer.field("value", entry.value)
            writer.field("weightedValue", JSONWriter.rounded(Double(entry.value) * stage.probability))
            writer.endObject()
        }
        writer.endObject()
        return writer.bytes
    }

    /// Open deals' value weighted by probability, per month of their expected close date; deals
    /// without one are summed apart.
    func weightedByCloseMonth() -> (months: [(month: Int64, deals: Int, weighted: Double)], undated: Double) {
        var months: [Int64: (deals: Int, weighted: Double)] = [:]
        var undated = 0.0
        for deal in deals where pipeline.outcome(of: deal.stage) == .open {
            let weighted = Double(amount(deal)) * (pipeline.stage(deal.stage)?.probability ?? 0)
            guard let date = deal.fields.expectedCloseDate else {
                undated += weighted
                continue
            }
            let month = AnalyticsInterval.month.period(ofDay: date.daysSinceEpoch)
            months[month, default: (0, 0)].deals += 1
            months[month, default: (0, 0)].weighted += weighted
        }
        return (months.keys.sorted().map { ($0, months[$0]!.deals, months[$0]!.weighted) }, undated)
    }
}

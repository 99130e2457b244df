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

    init(deals: [Deal], pipeline: Pipeline, currency: String?) {
        self.deals = deals
        self.pipeline = pipeline
        self.currency = currency ?? Self.mainCurrency(deals)
    }

    /// The currency most deals are in (ties: alphabetical).
    static func mainCurrency(_ deals: [Deal]) -> String? {
        var counts: [String: Int] = [:]
        for deal in deals { counts[deal.fields.amount.currency, default: 0] += 1 }
        return counts.max { $0.value == $1.value ? $0.key > $1.key : $0.value < $1.value }?.key
    }

    func amount(_ deal: Deal) -> Int64 { deal.fields.amount.currency == currency ? deal.fields.amount.amount : 0 }

    /// Open deals: (count, value, weighted value) per stage key.
    func openPipeline() -> [String: (count: Int, value: Int64, weighted: Double)] {
        var byStage: [String: (count: Int, value: Int64, weighted: Double)] = [:]
        for deal in deals {
            guard let stage = pipeline.stage(deal.stage) else { continue }
            var entry = byStage[stage.key] ?? (0, 0, 0)
            entry.count += 1
            entry.value &+= amount(deal)
            entry.weighted += Double(amount(deal)) * stage.probability
            byStage[stage.key] = entry
        }
        return byStage
    }

    func sales(_ parameters: AnalyticsParameters) -> [UInt8] {
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
        let byStage = openPipeline()
        var writer = JSONWriter(reservingCapacity: 2048)
        writer.beginObject()
        writer.field("currency", currency)
        writer.field("won", won.count)
        writer.field("lost", lost)
        writer.rate("winRate", Double(won.count), over: Double(won.count + lost))
        writer.rate("averageWonAmount", Double(wonInCurrency.reduce(Int64(0)) { $0 &+ $1.fields.amount.amount }), over: Double(wonInCurrency.count))
        writer.field("medianSalesCycleDays", CustomerAnalytics.median(cycles).map(JSONWriter.rounded))
        writer.field("pipeline", pipeline.stages) { writer, stage in
            let entry = byStage[stage.key] ?? (0, 0, 0)
            writer.beginObject()
            writer.field("stage", stage.key)
            writer.field("probability", stage.probability)
            writer.field("outcome", pipeline.outcome(of: stage.key)!.rawValue)
            writer.field("deals", entry.count)
            writer.field("value", entry.value)
            writer.field("weightedValue", JSONWriter.rounded(entry.weighted))
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

import CRMModel
import CRMStore

/// The deals service's in-memory state: every deal, the deals of each contact, and the pipeline,
/// rebuilt from `deal` and `pipeline` records at start and kept current by the same `apply` for
/// live writes.
public final class DealsState: StoreState, @unchecked Sendable {
    static let recordType = "deal"
    static let pipelineRecordType = "pipeline"
    static let pipelineRecordId = "pipeline"
    private let tables = ReadWriteLocked(DealTables())

    public init() {}

    private enum Change {
        case put(Deal)
        case remove(DealID)
        case pipeline(Pipeline)
    }

    public func apply(_ records: [Record]) {
        let changes: [Change] = records.compactMap(Self.change)
        guard !changes.isEmpty else { return }
        tables.write { tables in
            for change in changes {
                switch change {
                case .put(let deal): tables.upsert(deal)
                case .remove(let id): tables.remove(id)
                case .pipeline(let pipeline): tables.pipeline = pipeline
                }
            }
        }
    }

    private static func change(_ record: Record) -> Change? {
        switch record.type {
        case recordType:
            guard record.op == .put else { return DealID(record.id).map { .remove($0) } }
            return record.putObject.flatMap(Deal.init(stored:)).map { .put($0) }
        case pipelineRecordType:
            return record.putObject.flatMap(Pipeline.init(stored:)).map { .pipeline($0) }
        default:
            return nil
        }
    }

    public func reset() {
        tables.write { $0 = DealTables() }
    }

    func read<Value>(_ body: (borrowing DealTables) -> Value) -> Value {
        tables.read { body($0) }
    }

    func deal(_ id: DealID) -> Deal? { tables.read { $0.byId[id] } }

    var pipeline: Pipeline { tables.read { $0.pipeline } }

    func dealIds(of contact: ContactID) -> [DealID] {
        tables.read { $0.byContact[contact].map { Array($0).sorted() } ?? [] }
    }

    /// The currency most deals are in (ties: alphabetical); nil without deals.
    var mainCurrency: String? {
        tables.read { $0.dealsByCurrency.max { $0.value == $1.value ? $0.key > $1.key : $0.value < $1.value }?.key }
    }

    /// Per stage of the pipeline now: how many deals, and their value in `currency` (default: the
    /// one most deals use) — from the sums kept as deals change, not a pass over every deal.
    func stageTotals(currency: String?) -> (currency: String?, byStage: [String: (deals: Int, value: Int64)]) {
        tables.read { tables in
            let currency = currency ?? tables.dealsByCurrency.max { $0.value == $1.value ? $0.key > $1.key : $0.value < $1.value }?.key
            var byStage: [String: (deals: Int, value: Int64)] = [:]
            for stage in tables.pipeline.stages {
                byStage[stage.key] = (tables.countByStage[stage.key] ?? 0, currency.flatMap { tables.amountByStage[stage.key]?[$0] } ?? 0)
            }
            return (currency, byStage)
        }
    }

    /// The open pipeline now, in `currency` (default: the one most deals use): deals in open
    /// stages, their value, and their value × the stage's probability.
    func openPipeline(currency: String?) -> (currency: String?, deals: Int, value: Int64, weighted: Double) {
        let pipeline = pipeline
        let totals = stageTotals(currency: currency)
        var result = (currency: totals.currency, deals: 0, value: Int64(0), weighted: 0.0)
        for stage in pipeline.stages where pipeline.outcome(of: stage.key) == .open {
            let entry = totals.byStage[stage.key] ?? (0, 0)
            result.deals += entry.deals
            result.value &+= entry.value
            result.weighted += Double(entry.value) * stage.probability
        }
        return result
    }

    /// Every deal and the pipeline at one moment (for analytics).
    public func snapshot() -> (deals: [Deal], pipeline: Pipeline) {
        tables.read { (Array($0.byId.values), $0.pipeline) }
    }
}

/// The tables behind `DealsState`.
struct DealTables {
    var byId: [DealID: Deal] = [:]
    /// Every deal id in creation order (ids are made from the clock): the default list walks it from
    /// the cursor instead of ranking every deal.
    var creationOrder = OrderedIndex<DealID>()
    var byContact: [ContactID: Set<DealID>] = [:]
    var countByStage: [String: Int] = [:]
    /// Per stage, the sum of its deals' amounts by currency; and deals per currency (the dashboard
    /// reads these instead of every deal).
    var amountByStage: [String: [String: Int64]] = [:]
    var dealsByCurrency: [String: Int] = [:]
    var pipeline = Pipeline.standard

    mutating func upsert(_ deal: Deal) {
        if let old = byId[deal.id] { unindex(old) } else { creationOrder.insert(deal.id) }
        byId[deal.id] = deal
        if let contact = deal.fields.contactId { byContact[contact, default: []].insert(deal.id) }
        count(deal, by: 1)
    }

    private mutating func count(_ deal: Deal, by sign: Int) {
        countByStage[deal.stage, default: 0] += sign
        if countByStage[deal.stage] == 0 { countByStage[deal.stage] = nil }
        let money = deal.fields.amount
        amountByStage[deal.stage, default: [:]][money.currency, default: 0] &+= Int64(sign) &* money.amount
        dealsByCurrency[money.currency, default: 0] += sign
        if dealsByCurrency[money.currency] == 0 { dealsByCurrency[money.currency] = nil }
    }

    mutating func remove(_ id: DealID) {
        guard let old = byId.removeValue(forKey: id) else { return }
        creationOrder.remove(id)
        unindex(old)
    }

    /// Takes `old` out of the per-contact sets and the counts.
    private mutating func unindex(_ old: Deal) {
        let id = old.id
        if let contact = old.fields.contactId {
            byContact[contact]?.remove(id)
            if byContact[contact]?.isEmpty == true { byContact[contact] = nil }
        }
        count(old, by: -1)
    }
}

import CRMModel

/// RFM, churn risk and lifetime value (SPEC §3 and §6), from every customer's purchases as of
/// `asOf`. Money is in one currency: `currency`, by default the one most purchases were made in;
/// purchases in other currencies count for recency and frequency only.
struct CustomerAnalytics {
    let customers: [CustomerFacts]
    let currency: String?
    let parameters: AnalyticsParameters

    init(_ tables: borrowing ContactTables, _ parameters: AnalyticsParameters) {
        (customers, currency) = CustomerFacts.all(in: tables, asOf: parameters.asOf.millisecondsSinceEpoch, currency: parameters.currency)
        self.parameters = parameters
    }

    private func header(_ writer: inout JSONWriter) {
        writer.field("asOf", parameters.asOf)
        writer.field("currency", currency)
        writer.field("customers", customers.count)
    }

    /// Counts and average monetary value per segment (all seven, fixed order), and a page of
    /// customers with their scores (optionally of one segment), in contact id order.
    func rfm(segment: RFMScore.Segment?) -> [UInt8] {
        let table = RFMTable(customers, currency: currency)
        let segments = RFMScore.Segment.allCases
        var counts = Array(repeating: 0, count: segments.count)
        var spent = Array(repeating: Int64(0), count: segments.count)
        var wanted: [(position: Int, score: RFMScore)] = []
        let afterId = parameters.cursor.flatMap { ContactID($0.id) }
        customers.withUnsafeBufferPointer { customers in
            for position in customers.indices {
                let score = table.score(last: customers[position].last, count: customers[position].count, spent: customers[position].spent)
                let index = segments.firstIndex(of: score.segment)!
                counts[index] += 1
                spent[index] &+= customers[position].spent
                guard wanted.count <= parameters.limit, segment == nil || score.segment == segment,
                      afterId.map({ customers[position].id > $0 }) ?? true else { continue }
                wanted.append((position, score))
            }
        }
        let totals = Dictionary(uniqueKeysWithValues: segments.indices.map { (segments[$0], (customers: counts[$0], spent: spent[$0])) })
        var writer = JSONWriter(reservingCapacity: 4096)
        writer.beginObject()
        header(&writer)
        writer.field("segments", RFMScore.Segment.allCases) { writer, name in
            let total = totals[name] ?? (0, 0)
            writer.beginObject()
            writer.field("segment", name.rawValue)
            writer.field("customers", total.customers)
            writer.rate("averageMonetary", Double(total.spent), over: Double(total.customers))
            writer.endObject()
        }
        let end = min(wanted.count, parameters.limit)
        writer.field("data", wanted[0..<end]) { writer, item in
            let facts = customers[item.position]
            writer.beginObject()
            writer.field("contactId", facts.id)
            writer.field("r", item.score.r)
            writer.field("f", item.score.f)
            writer.field("m", item.score.m)
            writer.field("segment", item.score.segment.rawValue)
            writer.field("lastPurchaseAt", Timestamp(millisecondsSinceEpoch: facts.last))
            writer.field("purchaseCount", facts.count)
            writer.field("monetary", facts.spent)
            writer.endObject()
        }
        writer.field("nextCursor", end < wanted.count ? Cursor.encode(sortKey: "id", id: customers[wanted[end - 1].position].id.description) : nil)
        writer.endObject()
        return writer.bytes
    }

    /// Churn risk = min(1, days since the last purchase ÷ (2 × the customer's median gap between
    /// purchases)); customers with one purchase use the global median gap. Highest risk first.
    func churn() -> [UInt8] {
        // Every gap of every repeat customer (for the global median), and each customer's own median.
        var allGaps: [Double] = []
        var ownMedians: [Double?] = []
        ownMedians.reserveCapacity(customers.count)
        for customer in customers {
            let own = customer.gaps
            allGaps.append(contentsOf: own)
            ownMedians.append(Self.median(own))
        }
        let globalMedian = Self.median(allGaps)
        var rows: [(id: ContactID, risk: Double?, since: Double, gap: Double?, count: Int)] = []
        rows.reserveCapacity(customers.count)
        for (customer, own) in zip(customers, ownMedians) {
            let gap = own ?? globalMedian
            let since = parameters.days(since: customer.last)
            var risk: Double?
            if let gap { risk = gap > 0 ? min(1, since / (2 * gap)) : (since > 0 ? 1 : 0) }
            rows.append((customer.id, risk.map(JSONWriter.rounded), since, gap, customer.count))
        }
        let known = rows.compactMap(\.risk)
        let page = RankedPage.page(rows, value: { $0.risk ?? -1 }, id: \.id, limit: parameters.limit, cursor: parameters.cursor)
        var writer = JSONWriter(reservingCapacity: 4096)
        writer.beginObject()
        header(&writer)
        writer.field("globalMedianGapDays", globalMedian.map(JSONWriter.rounded))
        writer.rate("averageRisk", known.reduce(0, +), over: Double(known.count))
        writer.field("data", page.items) { writer, row in
            writer.beginObject()
            writer.field("contactId", row.id)
            writer.field("risk", row.risk)
            writer.field("daysSinceLastPurchase", JSONWriter.rounded(row.since))
            writer.field("medianGapDays", row.gap.map(JSONWriter.rounded))
            writer.field("purchaseCount", row.count)
            writer.endObject()
        }
        writer.field("nextCursor", page.nextCursor)
        writer.endObject()
        return writer.bytes
    }

    /// Historical value (spent so far) and predicted value = average order value × purchases per
    /// year × `lifespanYears`, with purchases per year = purchases ÷ (max(30, days since the first
    /// purchase) ÷ 365). Highest predicted value first.
    func lifetimeValue() -> [UInt8] {
        struct Row { var id: ContactID; var historical: Int64; var count: Int; var average: Double; var perYear: Double; var predicted: Double }
        let rows: [Row] = customers.map { customer in
            let tenureYears = max(30, parameters.days(since: customer.first)) / 365
            let perYear = Double(customer.count) / tenureYears
            let average = customer.countInCurrency > 0 ? Double(customer.spent) / Double(customer.countInCurrency) : 0
            return Row(id: customer.id, historical: customer.spent, count: customer.count, average: JSONWriter.rounded(average),
                       perYear: JSONWriter.rounded(perYear), predicted: JSONWriter.rounded(average * perYear * parameters.lifespanYears))
        }
        let totalHistorical = rows.reduce(Int64(0)) { $0 &+ $1.historical }
        let totalPredicted = rows.reduce(0.0) { $0 + $1.predicted }
        let page = RankedPage.page(rows, value: \.predicted, id: \.id, limit: parameters.limit, cursor: parameters.cursor)
        var writer = JSONWriter(reservingCapacity: 4096)
        writer.beginObject()
        header(&writer)
        writer.field("lifespanYears", parameters.lifespanYears)
        writer.objectField("totals") { writer in
            writer.field("historicalValue", totalHistorical)
            writer.field("predictedValue", JSONWriter.rounded(totalPredicted))
        }
        writer.objectField("averages") { writer in
            writer.rate("historicalValue", Double(totalHistorical), over: Double(rows.count))
            writer.rate("predictedValue", totalPredicted, over: Double(rows.count))
        }
        writer.field("data", page.items) { writer, row in
            writer.beginObject()
            writer.field("contactId", row.id)
            writer.field("historicalValue", row.historical)
            writer.field("purchaseCount", row.count)
            writer.field("averageOrderValue", row.average)
            writer.field("purchasesPerYear", row.perYear)
            writer.field("predictedValue", row.predicted)
            writer.endObject()
        }
        writer.field("nextCursor", page.nextCursor)
        writer.endObject()
        return writer.bytes
    }

    /// The middle value, or the mean of the two middle values; nil for no values.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

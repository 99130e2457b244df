import CRMModel

/// Cross-sell for one customer by item-to-item co-occurrence (SPEC §3): for each product q the
/// customer has not bought, score(q) = Σ over the products p they bought of
/// co(p, q) ÷ √(n(p) · n(q)), where co(p, q) counts customers who bought both and n(x) customers
/// who bought x (the cosine similarity of the two products' buyer sets). Highest score first, ties
/// by product key.
enum Recommendations {
    struct Suggestion {
        var product: String
        var score: Double
        var customers: Int
    }

    static func suggestions(for customer: ContactID, in tables: borrowing ContactTables, limit: Int) -> [Suggestion] {
        let ledger = tables.purchases
        let owned = ledger.productsByCustomer[customer] ?? []
        guard !owned.isEmpty else { return [] }
        var scores: [Int32: Double] = [:]
        for product in owned {
            var together: [Int32: Int] = [:]
            var seen: Set<ContactID> = [customer]
            for other in ledger.customersByProduct[Int(product)] where seen.insert(other).inserted {
                guard tables.byId[other] != nil, let theirs = ledger.productsByCustomer[other], theirs.lowerBoundContains(product) else { continue }
                for candidate in theirs where !owned.lowerBoundContains(candidate) { together[candidate, default: 0] += 1 }
            }
            let productBuyers = Double(ledger.customerCounts[Int(product)])
            for (candidate, count) in together {
                scores[candidate, default: 0] += Double(count) / (productBuyers * Double(ledger.customerCounts[Int(candidate)])).squareRoot()
            }
        }
        var ranked = scores.map { Suggestion(product: ledger.productKeys[Int($0.key)], score: JSONWriter.rounded($0.value),
                                             customers: ledger.customerCounts[Int($0.key)]) }
        ranked.sort { $0.score == $1.score ? $0.product < $1.product : $0.score > $1.score }
        return Array(ranked.prefix(limit))
    }
}

extension Array where Element == Int32 {
    /// Whether the sorted array holds `value` (binary search).
    func lowerBoundContains(_ value: Int32) -> Bool {
        let position = lowerBound(of: value)
        return position < count && self[position] == value
    }
}

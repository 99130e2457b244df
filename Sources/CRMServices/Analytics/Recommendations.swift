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
        // Dense counters over the catalogue: one pass per owned product, no hashing per pair.
        var scores = Array(repeating: 0.0, count: ledger.productKeys.count)
        var together = Array(repeating: Int32(0), count: ledger.productKeys.count)
        var touched: [Int32] = []
        var seen: Set<ContactID> = [customer]
        for product in owned {
            seen.removeAll(keepingCapacity: true)
            seen.insert(customer)
            for other in ledger.customersByProduct[Int(product)] where seen.insert(other).inserted {
                guard let theirs = ledger.productsByCustomer[other], theirs.lowerBoundContains(product), tables.byId.contains(other) else { continue }
                for candidate in theirs where !owned.lowerBoundContains(candidate) {
                    if together[Int(candidate)] == 0 { touched.append(candidate) }
                    together[Int(candidate)] += 1
                }
            }
            let productBuyers = Double(ledger.customerCounts[Int(product)])
            for candidate in touched {
                scores[Int(candidate)] += Double(together[Int(candidate)]) / (productBuyers * Double(ledger.customerCounts[Int(candidate)])).squareRoot()
                together[Int(candidate)] = 0
            }
            touched.removeAll(keepingCapacity: true)
        }
        var ranked = scores.indices.filter { scores[$0] > 0 }.map {
            Suggestion(product: ledger.productKeys[$0], score: JSONWriter.rounded(scores[$0]), customers: ledger.customerCounts[$0])
        }
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

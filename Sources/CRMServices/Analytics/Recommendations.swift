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

    static func suggestions(for customer: ContactID, in tables: borrowing ContactTables, cache: CoOccurrenceCache,
                            limit: Int) -> [Suggestion] {
        let ledger = tables.purchases
        guard let me = ledger.customerNumbers[customer] else { return [] }
        let owned = ledger.productsByCustomerNumber[Int(me)]
        guard !owned.isEmpty else { return [] }
        var isOwned = Array(repeating: false, count: ledger.productKeys.count)
        for product in owned { isOwned[Int(product)] = true }
        var scores = Array(repeating: 0.0, count: ledger.productKeys.count)
        var scratch = CoCounting()
        // co(p, q) counts the customer themself when they bought q too; q is owned then and skipped.
        for product in owned {
            let productBuyers = Double(ledger.customerCounts[Int(product)])
            for pair in cache.row(of: product, in: tables, scratch: &scratch) where !isOwned[Int(pair.product)] {
                scores[Int(pair.product)] += Double(pair.customers) / (productBuyers * Double(ledger.customerCounts[Int(pair.product)])).squareRoot()
            }
        }
        var ranked = scores.indices.filter { scores[$0] > 0 }.map {
            Suggestion(product: ledger.productKeys[$0], score: JSONWriter.rounded(scores[$0]), customers: ledger.customerCounts[$0])
        }
        ranked.sort { $0.score == $1.score ? $0.product < $1.product : $0.score > $1.score }
        return Array(ranked.prefix(limit))
    }
}

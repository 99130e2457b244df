import CRMModel

/// One customer's purchases as of a moment, in one currency: what RFM, churn and LTV read.
/// Customers are contacts (that still exist) with at least one purchase at or before `asOf`.
struct CustomerFacts {
    var id: ContactID
    /// The customer's purchases (the ledger's array, shared, oldest first); the first `count` are
    /// at or before `asOf`.
    var purchases: [PurchaseLedger.Purchase]
    var count: Int
    var first: Int64
    var last: Int64
    /// Sum of the purchases in the analysis currency (minor units).
    var spent: Int64
    /// How many purchases were in the analysis currency (average order value divides by it).
    var countInCurrency: Int

    /// Every customer as of `asOf`, in id order; `currency` nil means the ledger's main currency.
    static func all(in tables: borrowing ContactTables, asOf: Int64, currency: String?) -> (customers: [CustomerFacts], currency: String?) {
        let currency = currency ?? tables.purchases.mainCurrency
        var customers: [CustomerFacts] = []
        customers.reserveCapacity(tables.purchases.byCustomer.count)
        for (id, purchases) in tables.purchases.byCustomer where tables.byId.contains(id) {
            if let facts = make(id, purchases, asOf: asOf, currency: currency) { customers.append(facts) }
        }
        customers.sort { $0.id < $1.id }
        return (customers, currency)
    }

    /// The customer's facts, or nil when they bought nothing by `asOf`.
    static func make(_ id: ContactID, _ purchases: [PurchaseLedger.Purchase], asOf: Int64, currency: String?) -> CustomerFacts? {
        guard let first = purchases.first, first.at <= asOf else { return nil }
        var facts = CustomerFacts(id: id, purchases: purchases, count: 0, first: first.at, last: first.at, spent: 0, countInCurrency: 0)
        for purchase in purchases {
            guard purchase.at <= asOf else { break }
            facts.count += 1
            facts.last = purchase.at
            if purchase.currency == currency {
                facts.spent &+= purchase.amount
                facts.countInCurrency += 1
            }
        }
        return facts
    }

    /// Days between consecutive purchases (up to `asOf`).
    var gaps: [Double] {
        guard count > 1 else { return [] }
        return (1..<count).map { Double(purchases[$0].at - purchases[$0 - 1].at) / 86_400_000 }
    }
}

/// The RFM scores of every customer at one moment (SPEC §3): each dimension's score is
/// 1 + ⌊5 × (customers strictly worse) ÷ customers⌋, capped at 5 — worse is an older last purchase
/// (R), fewer purchases (F), less spent in the analysis currency (M).
struct RFMTable {
    let currency: String?
    let customerCount: Int
    private let lastPurchases: [Int64]
    private let counts: [Int]
    private let spends: [Int64]

    init(_ customers: [CustomerFacts], currency: String?) {
        self.currency = currency
        customerCount = customers.count
        lastPurchases = customers.map(\.last).sorted()
        counts = customers.map(\.count).sorted()
        spends = customers.map(\.spent).sorted()
    }

    func score(_ customer: borrowing CustomerFacts) -> RFMScore {
        score(last: customer.last, count: customer.count, spent: customer.spent)
    }

    func score(last: Int64, count: Int, spent: Int64) -> RFMScore {
        RFMScore(r: RFMScore.score(worse: lastPurchases.lowerBound(of: last), total: customerCount),
                 f: RFMScore.score(worse: counts.lowerBound(of: count), total: customerCount),
                 m: RFMScore.score(worse: spends.lowerBound(of: spent), total: customerCount))
    }
}

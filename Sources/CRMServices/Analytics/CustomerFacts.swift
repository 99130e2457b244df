import CRMModel

/// One customer's purchases as of a moment, in one currency: what RFM, churn and LTV read.
/// Customers are contacts (that still exist) with at least one purchase at or before `asOf`.
struct CustomerFacts {
    var id: ContactID
    /// Purchase times (ms), oldest first, every currency.
    var times: [Int64]
    /// Sum of the purchases in the analysis currency (minor units).
    var spent: Int64
    /// How many purchases were in the analysis currency (average order value divides by it).
    var countInCurrency: Int

    var count: Int { times.count }
    var first: Int64 { times[0] }
    var last: Int64 { times[times.count - 1] }

    /// Every customer as of `asOf`, in id order; `currency` nil means the ledger's main currency.
    static func all(in tables: borrowing ContactTables, asOf: Int64, currency: String?) -> (customers: [CustomerFacts], currency: String?) {
        let currency = currency ?? tables.purchases.mainCurrency
        var customers: [CustomerFacts] = []
        customers.reserveCapacity(tables.purchases.byCustomer.count)
        for (id, purchases) in tables.purchases.byCustomer where tables.byId[id] != nil {
            if let facts = make(id, purchases, asOf: asOf, currency: currency) { customers.append(facts) }
        }
        customers.sort { $0.id < $1.id }
        return (customers, currency)
    }

    /// The customer's facts, or nil when they bought nothing by `asOf`.
    static func make(_ id: ContactID, _ purchases: [PurchaseLedger.Purchase], asOf: Int64, currency: String?) -> CustomerFacts? {
        var facts = CustomerFacts(id: id, times: [], spent: 0, countInCurrency: 0)
        for purchase in purchases where purchase.at <= asOf {
            facts.times.append(purchase.at)
            if purchase.currency == currency {
                facts.spent &+= purchase.amount
                facts.countInCurrency += 1
            }
        }
        return facts.times.isEmpty ? nil : facts
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

    func score(_ customer: CustomerFacts) -> RFMScore {
        RFMScore(r: RFMScore.score(worse: lastPurchases.lowerBound(of: customer.last), total: customerCount),
                 f: RFMScore.score(worse: counts.lowerBound(of: customer.count), total: customerCount),
                 m: RFMScore.score(worse: spends.lowerBound(of: customer.spent), total: customerCount))
    }
}

import CRMModel
import Synchronization

/// Item-to-item co-occurrence rows, co(p, q) for every q, of the products with many buyers — the
/// heavy part of recommendations (a champion owning the best seller walked ~90,000 co-buyers at a
/// million contacts: ~75 ms) — computed on the first request that needs one and kept until
/// purchases or the set of contacts change (the ledger's generation and the contact count), so a
/// row is never stale. Bounded: past `maxEntries` counts the rows are dropped and built again.
final class CoOccurrenceCache: Sendable {
    /// A product with fewer buyers is counted per request (cheap); only busier ones are cached.
    let minimumBuyers: Int
    let maxEntries: Int

    init(minimumBuyers: Int = 1_000, maxEntries: Int = 2_000_000) {
        self.minimumBuyers = minimumBuyers
        self.maxEntries = maxEntries
    }

    struct Key: Equatable {
        var generation: Int
        var contacts: Int
    }

    private struct Entry {
        var key: Key
        var rows: [Int32: [CoCount]] = [:]
        var entries = 0
    }

    private let entry = Mutex<Entry?>(nil)

    /// The row of `product`: each other product with how many (existing) customers bought both.
    func row(of product: Int32, in tables: borrowing ContactTables, scratch: inout CoCounting) -> [CoCount] {
        let ledger = tables.purchases
        guard ledger.customerCounts[Int(product)] >= minimumBuyers else { return scratch.counts(of: product, in: tables) }
        let key = Key(generation: ledger.generation, contacts: tables.byId.count)
        if let cached = entry.withLock({ $0?.key == key ? $0?.rows[product] : nil }) { return cached }
        let row = scratch.counts(of: product, in: tables)
        entry.withLock { entry in
            if entry?.key != key || entry!.entries + row.count > maxEntries { entry = Entry(key: key) }
            entry!.rows[product] = row
            entry!.entries += row.count
        }
        return row
    }
}

/// How many customers bought both a row's product and `product`.
struct CoCount: Sendable {
    var product: Int32
    var customers: Int32
}

/// Scratch space for counting co-buyers, reused across the products of one request and made on
/// the first count (a request answered from cached rows needs none: a few MB at a million customers).
struct CoCounting {
    private var together: [Int32] = []
    private var touched: [Int32] = []
    /// The count a customer was last seen in (repeats in a product's buyer list count once).
    private var seenIn: [Int32] = []
    private var pass: Int32 = 0

    /// co(product, q) for every other product q bought by an existing customer who still owns `product`.
    mutating func counts(of product: Int32, in tables: borrowing ContactTables) -> [CoCount] {
        let ledger = tables.purchases
        if seenIn.isEmpty {
            together = Array(repeating: 0, count: ledger.productKeys.count)
            seenIn = Array(repeating: -1, count: ledger.customerIds.count)
        }
        pass += 1
        for customer in ledger.customersByProduct[Int(product)] where seenIn[Int(customer)] != pass {
            seenIn[Int(customer)] = pass
            let theirs = ledger.productsByCustomerNumber[Int(customer)]
            guard ledger.isListed[Int(customer)], theirs.sortedContains(product) else { continue }
            for other in theirs where other != product {
                if together[Int(other)] == 0 { touched.append(other) }
                together[Int(other)] += 1
            }
        }
        let row = touched.map { CoCount(product: $0, customers: together[Int($0)]) }
        for other in touched { together[Int(other)] = 0 }
        touched.removeAll(keepingCapacity: true)
        return row
    }
}

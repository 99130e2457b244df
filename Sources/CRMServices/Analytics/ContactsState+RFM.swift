import CRMModel
import Synchronization

/// The RFM scores contacts carry (`GET /v1/contacts/{id}`, `rfmSegment` in filters), as of now:
/// the sorted values of all customers are rebuilt on the first read after purchases changed (the
/// ledger's generation), so a score is never stale; one contact's own facts come from the ledger.
final class RFMCache: Sendable {
    private let entry = Mutex<(generation: Int, table: RFMTable)?>(nil)

    /// The score of `id` (nil for a contact without purchases), from a table current for `tables`.
    func score(of id: ContactID, in tables: borrowing ContactTables) -> RFMScore? {
        guard let purchases = tables.purchases.byCustomer[id] else { return nil }
        let table = table(for: tables)
        return CustomerFacts.make(id, purchases, asOf: Int64.max, currency: table.currency).map { table.score($0) }
    }

    func table(for tables: borrowing ContactTables) -> RFMTable {
        let generation = tables.purchases.generation
        if let cached = entry.withLock({ $0?.generation == generation ? $0?.table : nil }) { return cached }
        let (customers, currency) = CustomerFacts.all(in: tables, asOf: Int64.max, currency: nil)
        let table = RFMTable(customers, currency: currency)
        entry.withLock { $0 = (generation, table) }
        return table
    }
}

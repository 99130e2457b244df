import CRMModel

/// One part of `GET /v1/analytics/dashboard` that another service answers (tickets, campaigns):
/// written under `name` from that service's in-memory counts, as of `asOf`.
public protocol DashboardSection: Sendable {
    var name: String { get }
    func write(to writer: inout JSONWriter, asOf: Timestamp)
}

/// The dashboard's own sections: contacts by lifecycle stage and new in the last 30 days (by
/// creation time: ids are time-ordered, so this is two binary searches), revenue in the 30 UTC days
/// up to `asOf`'s day against the 30 before, and the open pipeline's value and weighted value.
enum Dashboard {
    static func contacts(_ tables: borrowing ContactTables, asOf: Timestamp, into writer: inout JSONWriter) {
        let now = asOf.millisecondsSinceEpoch
        let from = ContactID(ULID(milliseconds: UInt64(max(0, now - 30 * 86_400_000)), randomness: 0))
        let to = ContactID(ULID(milliseconds: UInt64(max(0, now + 1)), randomness: 0))
        writer.objectField("contacts") { writer in
            writer.field("total", tables.byId.count)
            writer.objectField("byLifecycleStage") { writer in
                for stage in ContactFields.LifecycleStage.allCases {
                    writer.key(stage.rawValue)
                    writer.int(tables.byStage[stage]?.count ?? 0)
                }
            }
            writer.field("newLast30Days", tables.creationOrder.lowerBound(of: to) - tables.creationOrder.lowerBound(of: from))
        }
    }

    static func revenue(_ tables: borrowing ContactTables, asOf: Timestamp, into writer: inout JSONWriter) {
        let currency = tables.purchases.mainCurrency
        let today = PurchaseLedger.day(asOf.millisecondsSinceEpoch)
        var recent: Int64 = 0
        var before: Int64 = 0
        for offset in Int64(0)..<60 {
            let amount = tables.purchases.revenueByDay[PurchaseLedger.DayCurrency(day: today - offset, currency: currency ?? "")] ?? 0
            if offset < 30 { recent &+= amount } else { before &+= amount }
        }
        writer.objectField("revenue") { writer in
            writer.field("currency", currency)
            writer.field("last30Days", recent)
            writer.field("previous30Days", before)
            writer.rate("change", Double(recent - before), over: Double(before))
        }
    }

    static func pipeline(_ deals: DealsState, into writer: inout JSONWriter) {
        let open = deals.openPipeline(currency: nil)
        writer.objectField("pipeline") { writer in
            writer.field("currency", open.currency)
            writer.field("openDeals", open.deals)
            writer.field("value", open.value)
            writer.field("weightedValue", JSONWriter.rounded(open.weighted))
        }
    }
}

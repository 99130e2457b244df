import CRMModel
import CRMStore

/// Writes a `DemoDataPlan` into a store through its writer (the lines are those the API would
/// write) in batches, one in flight while the next are made: contacts in creation order and every
/// interaction in time order (so replay appends to the time-ordered indexes instead of inserting),
/// both made on every core (`SeedChunks`); then deals, tickets (with agents and comments) and
/// campaigns (with messages and events). Ids carry the times they stand for, as ids made at that
/// moment would.
public enum DemoDataSeeder {
    public static func seed(_ plan: DemoDataPlan, into store: Store) async throws -> DemoDataReport {
        let log = SeedLog(store: store)
        var random = SeedRandom(seed: plan.seed)
        var report = DemoDataReport()
        let contacts = try await SeedContacts.write(plan, into: log)
        report.contacts = contacts.count
        var events: [SeedInteractions.Event] = []
        events.reserveCapacity(plan.contacts * plan.interactionsPerContact)
        for (position, contact) in contacts.enumerated() {
            let count = random.int(0...(2 * plan.interactionsPerContact))
            for _ in 0..<count {
                let at = contact.createdAt + Int64(random.unit() * Double(plan.now.millisecondsSinceEpoch - contact.createdAt))
                let kind: UInt8 = contact.isCustomer && random.chance(0.55) ? 0 : UInt8(random.int(1...5))
                events.append(SeedInteractions.Event(at: at, contact: Int32(position), kind: kind))
            }
        }
        events = SeedInteractions.inTimeOrder(events)
        report.purchases = try await SeedInteractions.write(events, contacts: contacts.map(\.id), plan: plan, into: log)
        report.interactions = events.count
        events = []

        report.deals = try await SeedDeals.write(plan, contacts: contacts.map { ($0.id, $0.createdAt) }, into: log)
        let tickets = try await SeedTickets.write(plan, contacts: contacts.map { ($0.id, $0.createdAt) }, random: &random, into: log)
        report.extra["tickets"] = tickets.tickets
        report.extra["ticket comments"] = tickets.comments
        let campaigns = try await SeedCampaigns.write(plan, contacts: contacts.map { ($0.id, $0.createdAt, $0.email) }, into: log)
        report.extra["campaigns"] = campaigns.campaigns
        report.extra["campaign messages"] = campaigns.messages
        report.extra["campaign events"] = campaigns.events
        try await log.finish()
        return report
    }

    /// The index of a weighted choice.
    static func pick(_ weights: [Double], _ random: inout SeedRandom) -> Int {
        var left = random.unit() * weights.reduce(0, +)
        for (index, weight) in weights.enumerated() {
            left -= weight
            if left < 0 { return index }
        }
        return weights.count - 1
    }
}

/// A long-tailed product catalogue: a few products sell often, most rarely. Each product's sku and
/// name are made once (making them for every basket was a string allocation per item).
struct SeedCatalogue: Sendable {
    let products: Int
    private let skus: [String]
    private let names: [String]
    static let topics = ["pricing", "delivery", "an invoice", "onboarding", "the renewal", "a feature", "support", "the newsletter"]

    init(products: Int) {
        self.products = products
        skus = (0..<products).map { "SKU-\($0)" }
        names = (0..<products).map { "Product \($0)" }
    }

    func basket(_ random: inout SeedRandom) -> [InteractionFields.Item] {
        (0..<random.int(1...3)).map { _ in
            let product = random.longTail(products)
            return InteractionFields.Item(sku: skus[product], name: names[product], quantity: random.int(1...3),
                                          unitPrice: Int64(500 + (product * 7_919) % 20_000))
        }
    }
}

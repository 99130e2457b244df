import CRMModel
import CRMStore

/// Writes a `DemoDataPlan` into a store through its writer (so the log is exactly what the API
/// writes) in large commits (one in flight while the next is generated): contacts in creation order, then every interaction in time order (so
/// replay appends to the time-ordered indexes instead of inserting), then deals, tickets (with agents
/// and comments) and campaigns (with messages and events). Ids carry the times they stand for, as
/// ids made at that moment would.
public enum DemoDataSeeder {
    public static func seed(_ plan: DemoDataPlan, into store: Store) async throws -> DemoDataReport {
        let log = SeedLog(store: store)
        var random = SeedRandom(seed: plan.seed)
        var report = DemoDataReport()
        let prefix = "." + String(plan.seed, radix: 36)
        let stages = ContactFields.LifecycleStage.allCases
        let stageWeights: [Double] = [0.10, 0.25, 0.10, 0.07, 0.06, 0.30, 0.04, 0.08]
        var contacts: [(id: ContactID, createdAt: Int64, isCustomer: Bool, email: String?)] = []
        contacts.reserveCapacity(plan.contacts)
        let step = Double(DemoDataPlan.span) / Double(max(1, plan.contacts))
        for number in 0..<plan.contacts {
            let createdAt = plan.start + Int64(Double(number) * step)
            let stage = stages[pick(stageWeights, &random)]
            let id = ContactID(ULID(milliseconds: UInt64(createdAt), randomness: UInt128(random.next())))
            var fields = SeedContacts.fields(number, prefix: prefix, stage: stage)
            fields.consent = ContactFields.Consent(email: random.chance(0.6), sms: random.chance(0.2))
            let time = Timestamp(millisecondsSinceEpoch: createdAt)
            let contact = Contact(id: id, fields: fields, createdAt: time, updatedAt: time)
            try await log.append("contact", id.description, contact.storedBytes)
            contacts.append((id, createdAt, stage == .customer || stage == .evangelist || random.chance(0.3),
                             fields.consent.email ? fields.email : nil))
            report.contacts += 1
        }

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
        events.sort { $0.at < $1.at }
        report.purchases = try await SeedInteractions.write(events, contacts: contacts.map(\.id), plan: plan, into: log)
        report.interactions = events.count
        events = []

        report.deals = try await SeedDeals.write(plan, contacts: contacts.map { ($0.id, $0.createdAt) }, random: &random, into: log)
        let tickets = try await SeedTickets.write(plan, contacts: contacts.map { ($0.id, $0.createdAt) }, random: &random, into: log)
        report.extra["tickets"] = tickets.tickets
        report.extra["ticket comments"] = tickets.comments
        let campaigns = try await SeedCampaigns.write(plan, contacts: contacts.map { ($0.id, $0.createdAt, $0.email) }, random: &random,
                                                      into: log)
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

/// A long-tailed product catalogue: a few products sell often, most rarely.
struct SeedCatalogue {
    let products: Int
    static let topics = ["pricing", "delivery", "an invoice", "onboarding", "the renewal", "a feature", "support", "the newsletter"]

    func basket(_ random: inout SeedRandom) -> [InteractionFields.Item] {
        (0..<random.int(1...3)).map { _ in
            let product = random.longTail(products)
            return InteractionFields.Item(sku: "SKU-\(product)", name: "Product \(product)", quantity: random.int(1...3),
                                          unitPrice: Int64(500 + (product * 7_919) % 20_000))
        }
    }
}

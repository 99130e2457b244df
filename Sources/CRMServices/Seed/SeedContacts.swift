import CRMModel
import CRMStore

/// The seed's contacts, made in chunks on every core (`SeedChunks`) and appended in creation order:
/// plausible fields (varied names, companies, stages and tags), unique emails and phones (the number
/// makes them unique; `prefix` keeps runs with different seeds apart).
enum SeedContacts {
    /// What the later phases need of a contact.
    typealias Seeded = (id: ContactID, createdAt: Int64, isCustomer: Bool, email: String?)

    static let stages = ContactFields.LifecycleStage.allCases
    static let stageWeights: [Double] = [0.10, 0.25, 0.10, 0.07, 0.06, 0.30, 0.04, 0.08]

    /// Writes `plan.contacts` contacts created evenly over the plan's two years; answers them in order.
    static func write(_ plan: DemoDataPlan, into log: SeedLog) async throws -> [Seeded] {
        var contacts: [Seeded] = []
        contacts.reserveCapacity(plan.contacts)
        try await SeedChunks.append(plan.contacts, phase: .contacts, seed: plan.seed, into: log) { numbers, random in
            try encode(numbers, plan: plan, random: &random)
        } use: { contacts += $0 }
        return contacts
    }

    /// The records of contacts `numbers`, and those contacts.
    private static func encode(_ numbers: Range<Int>, plan: DemoDataPlan, random: inout SeedRandom) throws -> (EncodedRecords, [Seeded]) {
        let prefix = "." + String(plan.seed, radix: 36)
        let step = Double(DemoDataPlan.span) / Double(max(1, plan.contacts))
        var batch = SeedLog.emptyBatch()
        var seeded: [Seeded] = []
        seeded.reserveCapacity(numbers.count)
        for number in numbers {
            let createdAt = plan.start + Int64(Double(number) * step)
            let stage = stages[DemoDataSeeder.pick(stageWeights, &random)]
            let id = ContactID(ULID(milliseconds: UInt64(createdAt), randomness: UInt128(random.next())))
            var fields = fields(number, prefix: prefix, stage: stage)
            fields.consent = ContactFields.Consent(email: random.chance(0.6), sms: random.chance(0.2))
            let time = Timestamp(millisecondsSinceEpoch: createdAt)
            let contact = Contact(id: id, fields: fields, createdAt: time, updatedAt: time)
            try batch.appendPut(type: "contact", writeId: id.appendText) { bytes in
                var writer = JSONWriter(takingBytesFrom: &bytes)
                contact.writeStored(to: &writer)
                writer.returnBytes(to: &bytes)
            }
            seeded.append((id, createdAt, stage == .customer || stage == .evangelist || random.chance(0.3),
                           fields.consent.email ? fields.email : nil))
        }
        return (batch, seeded)
    }

    static let firstNames = ["Anna", "Ben", "Chloe", "David", "Elif", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kara", "Luis",
                             "Maya", "Noah", "Olga", "Priya", "Quinn", "Rosa", "Sami", "Tariq", "Uma", "Vera", "Wen", "Yusuf"]
    static let lastNames = ["Lee", "Garcia", "Smith", "Nowak", "Okafor", "Rossi", "Tanaka", "Müller", "Silva", "Dubois", "Khan",
                            "Novak", "Berg", "Costa", "Ivanova", "Moreau", "Haddad", "Larsen", "Kim", "Patel"]
    static let companies = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises", "Soylent",
                            "Tyrell", "Cyberdyne", "Vandelay", "Pied Piper", "Wonka", "Oscorp", "Gringotts", "Aperture"]
    static let titles = ["CEO", "CTO", "Head of Operations", "Buyer", "Engineer", "Marketing Lead", "Office Manager", "Analyst"]
    static let tagPool = ["vip", "newsletter", "trial", "enterprise", "smb", "churn-risk", "partner", "event-2026", "webinar", "beta"]

    static func fields(_ number: Int, prefix: String, stage: ContactFields.LifecycleStage) -> ContactFields {
        var fields = ContactFields()
        let first = firstNames[number % firstNames.count]
        let last = lastNames[(number / firstNames.count) % lastNames.count]
        fields.firstName = first
        fields.lastName = last
        fields.email = "\(first.lowercased()).\(number)\(prefix)@example.com"
        let digits = String(number % 10_000_000)
        fields.phone = "+1415" + String(repeating: "0", count: 7 - digits.count) + digits
        fields.company = companies[(number * 7) % companies.count]
        fields.title = titles[(number * 3) % titles.count]
        fields.lifecycleStage = stage
        fields.tags = [tagPool[number % tagPool.count], tagPool[(number / 3) % tagPool.count]].reduce(into: []) { tags, tag in
            if !tags.contains(tag) { tags.append(tag) }
        }
        fields.address = ContactFields.Address(city: ["Berlin", "Lagos", "Lima", "Osaka", "Austin"][number % 5], country: "US")
        fields.consent = ContactFields.Consent(email: number % 2 == 0, sms: number % 5 == 0)
        return fields
    }
}

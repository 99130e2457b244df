import CRMModel
import CRMStore

/// Fills a store with plausible contacts for benchmarks and demos (`crm seed`): varied names,
/// companies, stages and tags, unique emails and phones, committed in large batches through the
/// same writer and `apply` as the API (so the state and indexes are exactly what the API builds).
public enum ContactsSeeder {
    static let firstNames = ["Anna", "Ben", "Chloe", "David", "Elif", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kara", "Luis",
                             "Maya", "Noah", "Olga", "Priya", "Quinn", "Rosa", "Sami", "Tariq", "Uma", "Vera", "Wen", "Yusuf"]
    static let lastNames = ["Lee", "Garcia", "Smith", "Nowak", "Okafor", "Rossi", "Tanaka", "Müller", "Silva", "Dubois", "Khan",
                            "Novak", "Berg", "Costa", "Ivanova", "Moreau", "Haddad", "Larsen", "Kim", "Patel"]
    static let companies = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises", "Soylent",
                            "Tyrell", "Cyberdyne", "Vandelay", "Pied Piper", "Wonka", "Oscorp", "Gringotts", "Aperture"]
    static let titles = ["CEO", "CTO", "Head of Operations", "Buyer", "Engineer", "Marketing Lead", "Office Manager", "Analyst"]
    static let tagPool = ["vip", "newsletter", "trial", "enterprise", "smb", "churn-risk", "partner", "event-2026", "webinar", "beta"]

    /// Appends `count` new contacts; returns how many were written. `prefix` keeps emails unique
    /// between runs into one directory.
    public static func seed(_ count: Int, into store: Store, prefix: String, batch: Int = 5_000) async throws -> Int {
        var written = 0
        while written < count {
            let size = min(batch, count - written)
            let first = written
            try await store.commit(actor: "system", requestId: "seed") { context in
                let now = Timestamp(millisecondsSinceEpoch: context.timestamp)
                for number in first..<(first + size) {
                    let contact = Contact(id: ContactID.make(), fields: fields(number, prefix: prefix), createdAt: now, updatedAt: now)
                    context.append(type: ContactsState.recordType, id: contact.id.description, op: .put, data: contact.jsonBytes)
                }
            }
            written += size
        }
        return written
    }

    static func fields(_ number: Int, prefix: String) -> ContactFields {
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
        fields.lifecycleStage = ContactFields.LifecycleStage.allCases[(number * 5) % ContactFields.LifecycleStage.allCases.count]
        fields.tags = [tagPool[number % tagPool.count], tagPool[(number / 3) % tagPool.count]].reduce(into: []) { tags, tag in
            if !tags.contains(tag) { tags.append(tag) }
        }
        fields.address = ContactFields.Address(city: ["Berlin", "Lagos", "Lima", "Osaka", "Austin"][number % 5], country: "US")
        fields.consent = ContactFields.Consent(email: number % 2 == 0, sms: number % 5 == 0)
        return fields
    }
}

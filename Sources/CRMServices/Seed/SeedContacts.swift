import CRMModel
import CRMStore

/// Plausible contact fields for `crm seed`: varied names, companies, stages and tags, unique emails
/// and phones (the number makes them unique; `prefix` keeps runs with different seeds apart).
enum SeedContacts {
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

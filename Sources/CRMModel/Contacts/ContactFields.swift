/// The part of a contact a client writes (SPEC §3 "Contacts"), validated as a whole: creation reads
/// it from the body; PATCH applies the merge patch to the current fields and reads the result again,
/// so both paths share one set of rules.
public struct ContactFields: Sendable, Equatable {
    public enum Channel: String, Sendable, CaseIterable { case email, phone, sms, chat, social }
    public enum LifecycleStage: String, Sendable, CaseIterable {
        case subscriber, lead, mql, sql, opportunity, customer, evangelist, churned
    }

    public struct Address: Sendable, Equatable {
        public var street, city, region, postalCode, country: String?
        public init(street: String? = nil, city: String? = nil, region: String? = nil, postalCode: String? = nil, country: String? = nil) {
            self.street = street
            self.city = city
            self.region = region
            self.postalCode = postalCode
            self.country = country
        }
        public var isEmpty: Bool { [street, city, region, postalCode, country].allSatisfy { $0 == nil } }
    }

    public struct Consent: Sendable, Equatable {
        public var email = false
        public var sms = false
        public init(email: Bool = false, sms: Bool = false) {
            self.email = email
            self.sms = sms
        }
    }

    public var email: String?
    public var firstName: String?
    public var lastName: String?
    public var phone: String?
    public var company: String?
    public var title: String?
    public var address: Address?
    public var socialHandles: [String: String] = [:]
    public var preferredChannel: Channel?
    public var lifecycleStage: LifecycleStage = .lead
    public var ownerId: String?
    public var tags: [String] = []
    public var customFields: JSONObject = JSONObject()
    public var consent = Consent()
    public var externalId: String?

    public init() {}

    /// Limits from SPEC §3.
    public static let maxNameLength = 200
    public static let maxTags = 50
    public static let maxTagLength = 64
    public static let maxCustomFields = 100
    /// Fields only the server sets; sending them is 422 `read_only`.
    public static let readOnlyKeys = ["id", "leadScore", "lastInteractionAt", "interactionCount", "purchases", "createdAt", "updatedAt",
                                       "version", "rfm", "stagesReached"]
}

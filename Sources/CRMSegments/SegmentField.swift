import CRMModel

/// A field a segment condition can test, named in JSON as `SegmentFilter`'s grammar lists: the
/// contact's own fields, `socialHandles.<network>`, `customFields.<key>`, and the derived facts
/// the contacts service works out from interactions.
///
/// A `SegmentSubject` answers `value(of:)` for each; `kind` says what values it holds and so which
/// operators apply.
public enum SegmentField: Sendable, Hashable, CustomStringConvertible {
    case id, email, firstName, lastName, phone, company, title
    case addressStreet, addressCity, addressRegion, addressPostalCode, addressCountry
    case preferredChannel, lifecycleStage, ownerId, tags, externalId
    case consentEmail, consentSms
    case createdAt, updatedAt, leadScore, lastInteractionAt
    /// Derived from purchases.
    case lastPurchaseAt, purchaseCount, totalSpent
    /// Derived from the RFM scores (SPEC §3, analytics).
    case rfmSegment
    /// `socialHandles.<network>`.
    case socialHandle(String)
    /// `customFields.<key>`.
    case customField(String)

    /// Every field with a fixed name, in the order messages list them.
    public static let namedFields: [SegmentField] = [
        .id, .email, .firstName, .lastName, .phone, .company, .title,
        .addressStreet, .addressCity, .addressRegion, .addressPostalCode, .addressCountry,
        .preferredChannel, .lifecycleStage, .ownerId, .tags, .externalId, .consentEmail, .consentSms,
        .createdAt, .updatedAt, .leadScore, .lastInteractionAt,
        .lastPurchaseAt, .purchaseCount, .totalSpent, .rfmSegment,
    ]

    static let customFieldPrefix = "customFields."
    static let socialHandlePrefix = "socialHandles."
    /// The longest key after `customFields.` or network after `socialHandles.`.
    public static let maximumKeyLength = 200

    private static let byName: [String: SegmentField] = Dictionary(
        uniqueKeysWithValues: namedFields.map { ($0.name, $0) })

    /// The field a JSON name stands for; nil when it names none (see `SegmentFilter` for the list).
    public init?(name: String) {
        if let field = Self.byName[name] {
            self = field
        } else if let key = Self.key(in: name, after: Self.customFieldPrefix) {
            self = .customField(key)
        } else if let network = Self.key(in: name, after: Self.socialHandlePrefix) {
            self = .socialHandle(network)
        } else {
            return nil
        }
    }

    private static func key(in name: String, after prefix: String) -> String? {
        guard name.hasPrefix(prefix) else { return nil }
        let key = String(name.dropFirst(prefix.count))
        guard !key.isEmpty, key.count <= maximumKeyLength else { return nil }
        return key
    }

    /// The name as JSON spells it: `address.city`, `consent.email`, `customFields.plan`.
    public var name: String {
        switch self {
        case .id: "id"
        case .email: "email"
        case .firstName: "firstName"
        case .lastName: "lastName"
        case .phone: "phone"
        case .company: "company"
        case .title: "title"
        case .addressStreet: "address.street"
        case .addressCity: "address.city"
        case .addressRegion: "address.region"
        case .addressPostalCode: "address.postalCode"
        case .addressCountry: "address.country"
        case .preferredChannel: "preferredChannel"
        case .lifecycleStage: "lifecycleStage"
        case .ownerId: "ownerId"
        case .tags: "tags"
        case .externalId: "externalId"
        case .consentEmail: "consent.email"
        case .consentSms: "consent.sms"
        case .createdAt: "createdAt"
        case .updatedAt: "updatedAt"
        case .leadScore: "leadScore"
        case .lastInteractionAt: "lastInteractionAt"
        case .lastPurchaseAt: "lastPurchaseAt"
        case .purchaseCount: "purchaseCount"
        case .totalSpent: "totalSpent"
        case .rfmSegment: "rfmSegment"
        case .socialHandle(let network): Self.socialHandlePrefix + network
        case .customField(let key): Self.customFieldPrefix + key
        }
    }

    public var description: String { name }

    /// What the field holds, which decides the operators and values it accepts.
    public var kind: SegmentFieldKind {
        switch self {
        case .id, .firstName, .lastName, .phone, .company, .title, .addressStreet, .addressCity, .addressRegion,
             .addressPostalCode, .addressCountry, .ownerId, .externalId, .socialHandle:
            .text(foldsCase: false)
        case .email: .text(foldsCase: true)
        case .preferredChannel: .choice(ContactFields.Channel.allCases.map(\.rawValue))
        case .lifecycleStage: .choice(ContactFields.LifecycleStage.allCases.map(\.rawValue))
        case .rfmSegment: .choice(Self.rfmSegments)
        case .tags: .textList
        case .consentEmail, .consentSms: .flag
        case .leadScore, .purchaseCount, .totalSpent: .number
        case .createdAt, .updatedAt, .lastInteractionAt, .lastPurchaseAt: .timestamp
        case .customField: .custom
        }
    }

    /// Whether the value is worked out from interactions rather than kept on the contact
    /// (purchase facts and the RFM segment; `leadScore` is kept on the contact).
    public var isDerived: Bool {
        switch self {
        case .lastPurchaseAt, .purchaseCount, .totalSpent, .rfmSegment: true
        default: false
        }
    }

    /// The RFM segment names of SPEC §3 (analytics), in the order their rules are tried.
    public static let rfmSegments = [
        "champions", "loyal", "new", "potential_loyalist", "at_risk", "hibernating", "need_attention",
    ]
}

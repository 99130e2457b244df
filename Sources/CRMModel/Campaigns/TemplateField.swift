/// What a campaign template may name in a placeholder (`{{firstName}}`, `{{customFields.plan|free}}`):
///
/// | placeholder                                   | value                                              |
/// |-----------------------------------------------|----------------------------------------------------|
/// | `firstName`, `lastName`, `email`, `phone`, `company`, `title` | the contact's field                |
/// | `address.street|city|region|postalCode|country` | the contact's address part                        |
/// | `customFields.<key>`                          | a custom field: text as is, numbers as written, `true`/`false` |
/// | `unsubscribeUrl`                              | the message's unsubscribe link (`/t/u/<token>`)    |
///
/// A field the contact has no value for (absent, `null` or empty text) renders the fallback after
/// `|`, or nothing. Any other name is refused when the campaign is saved (422 naming it).
public enum TemplateField: Sendable, Hashable {
    case contact(ContactPart)
    case customField(String)
    case unsubscribeUrl

    public enum ContactPart: String, Sendable, CaseIterable {
        case firstName, lastName, email, phone, company, title
        case addressStreet = "address.street"
        case addressCity = "address.city"
        case addressRegion = "address.region"
        case addressPostalCode = "address.postalCode"
        case addressCountry = "address.country"
    }

    static let customPrefix = "customFields."

    /// Every name a placeholder may use, for error messages.
    public static let knownNames: [String] = ContactPart.allCases.map(\.rawValue) + ["customFields.<key>", "unsubscribeUrl"]

    public init?(name: String) {
        if name == "unsubscribeUrl" {
            self = .unsubscribeUrl
        } else if let part = ContactPart(rawValue: name) {
            self = .contact(part)
        } else if name.hasPrefix(Self.customPrefix), name.count > Self.customPrefix.count, name.count <= Self.customPrefix.count + 64 {
            self = .customField(String(name.dropFirst(Self.customPrefix.count)))
        } else {
            return nil
        }
    }

    public var name: String {
        switch self {
        case .contact(let part): part.rawValue
        case .customField(let key): Self.customPrefix + key
        case .unsubscribeUrl: "unsubscribeUrl"
        }
    }

    /// The contact's value for this field as text; nil when it has none (or for `unsubscribeUrl`,
    /// which the renderer supplies).
    public func value(in fields: ContactFields) -> String? {
        let text: String?
        switch self {
        case .contact(let part):
            switch part {
            case .firstName: text = fields.firstName
            case .lastName: text = fields.lastName
            case .email: text = fields.email
            case .phone: text = fields.phone
            case .company: text = fields.company
            case .title: text = fields.title
            case .addressStreet: text = fields.address?.street
            case .addressCity: text = fields.address?.city
            case .addressRegion: text = fields.address?.region
            case .addressPostalCode: text = fields.address?.postalCode
            case .addressCountry: text = fields.address?.country
            }
        case .customField(let key):
            switch fields.customFields[key] {
            case .string(let value)?: text = value
            case .number(let number)?: text = number.literal
            case .bool(let flag)?: text = flag ? "true" : "false"
            default: text = nil
            }
        case .unsubscribeUrl:
            text = nil
        }
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}

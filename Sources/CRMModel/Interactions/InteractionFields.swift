/// The part of an interaction (one touchpoint with a contact, SPEC §3) that a client writes.
/// Only purchases carry money: `purchase` holds the amount (given, or the sum of the items) and
/// its currency, `items` the lines bought.
public struct InteractionFields: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case call, email, meeting, chat, sms, social, note, purchase
        case webVisit = "web_visit"
    }

    public enum Direction: String, Sendable, CaseIterable { case inbound, outbound }

    /// One line of a purchase: `quantity` × `unitPrice` (minor units of the purchase's currency).
    public struct Item: Sendable, Equatable {
        public var sku: String?
        public var name: String?
        public var quantity: Int
        public var unitPrice: Int64

        public init(sku: String? = nil, name: String? = nil, quantity: Int, unitPrice: Int64) {
            self.sku = sku
            self.name = name
            self.quantity = quantity
            self.unitPrice = unitPrice
        }
    }

    public var kind: Kind
    public var direction: Direction?
    /// Free text naming where it happened (`web`, `store`, `phone`, …).
    public var channel: String?
    public var subject: String?
    public var body: String?
    public var occurredAt: Timestamp
    /// Set exactly when `kind` is `.purchase`.
    public var purchase: Money?
    public var items: [Item] = []
    public var metadata = JSONObject()

    public init(kind: Kind, occurredAt: Timestamp, purchase: Money? = nil) {
        self.kind = kind
        self.occurredAt = occurredAt
        self.purchase = purchase
    }

    /// Limits.
    public static let maxChannelLength = 64
    public static let maxSubjectLength = 500
    public static let maxBodyLength = 50_000
    public static let maxItems = 500
    public static let maxMetadata = 100
    /// How far `occurredAt` may lie ahead of the server's clock (clients' clocks drift).
    public static let allowedFutureSkew = Duration.seconds(5 * 60)
    /// Fields only the server sets: sending them is 422 `read_only` (`contactId` comes from the path).
    public static let readOnlyKeys = ["id", "contactId", "createdAt"]
}

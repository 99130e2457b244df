/// What a contact's interactions add up to, kept incrementally as each one is recorded (never by
/// rescanning): how many there were and when the last happened, and the purchase facts that
/// segments, RFM and LTV read. Not part of the contact's stored record: it is rebuilt by replaying
/// the interactions, and a contact update leaves it alone.
public struct ContactActivity: Sendable, Equatable {
    public var interactionCount = 0
    /// The latest `occurredAt` of any interaction.
    public var lastInteractionAt: Timestamp?
    public var purchaseCount = 0
    /// Sum of purchase amounts per currency (ISO 4217 code → minor units); currencies are never
    /// converted or mixed. Saturates at `Int64.max`.
    public var totalSpent: [String: Int64] = [:]
    public var firstPurchaseAt: Timestamp?
    public var lastPurchaseAt: Timestamp?

    public init() {}

    /// Adds one interaction's contribution. Order does not matter (backfilled ones included).
    public mutating func record(_ interaction: Interaction) {
        recordInteraction(at: interaction.fields.occurredAt)
        guard interaction.fields.kind == .purchase, let money = interaction.fields.purchase else { return }
        recordPurchase(amount: money.amount, currency: money.currency, at: interaction.fields.occurredAt)
    }

    /// Counts one interaction of any type (what `record` does first).
    public mutating func recordInteraction(at occurred: Timestamp) {
        interactionCount += 1
        lastInteractionAt = Swift.max(lastInteractionAt ?? occurred, occurred)
    }

    /// Adds one purchase's money and time (what `record` does besides for a purchase).
    public mutating func recordPurchase(amount: Int64, currency: String, at occurred: Timestamp) {
        purchaseCount += 1
        let (sum, overflow) = (totalSpent[currency] ?? 0).addingReportingOverflow(amount)
        totalSpent[currency] = overflow ? Int64.max : sum
        firstPurchaseAt = Swift.min(firstPurchaseAt ?? occurred, occurred)
        lastPurchaseAt = Swift.max(lastPurchaseAt ?? occurred, occurred)
    }

    /// Writes `{"purchaseCount", "totalSpent": {"EUR": 1999}, "firstPurchaseAt", "lastPurchaseAt"}`.
    public func writePurchases(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("purchaseCount", purchaseCount)
        writer.key("totalSpent")
        writer.beginObject()
        for currency in totalSpent.keys.sorted() { writer.key(currency); writer.int(totalSpent[currency]!) }
        writer.endObject()
        writer.field("firstPurchaseAt", firstPurchaseAt)
        writer.field("lastPurchaseAt", lastPurchaseAt)
        writer.endObject()
    }
}

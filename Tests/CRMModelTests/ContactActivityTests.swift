import Testing
@testable import CRMModel

@Suite struct ContactActivityTests {
    static let now = Timestamp(rfc3339: "2026-11-22T12:00:00Z")!

    @Test func activityKeepsFactsIncrementallyInAnyOrder() throws {
        func purchase(_ amount: Int64, _ currency: String, _ at: String) -> Interaction {
            var fields = InteractionFields(kind: .purchase, occurredAt: Timestamp(rfc3339: at)!, purchase: Money(amount: amount, currency: currency))
            fields.items = []
            return Interaction(id: InteractionID.make(), contactId: ContactID.make(), fields: fields, createdAt: Self.now)
        }
        var activity = ContactActivity()
        activity.record(purchase(1000, "EUR", "2026-05-01T00:00:00Z"))
        activity.record(Interaction(id: InteractionID.make(), contactId: ContactID.make(),
                                    fields: InteractionFields(kind: .call, occurredAt: Timestamp(rfc3339: "2026-09-01T00:00:00Z")!), createdAt: Self.now))
        activity.record(purchase(250, "EUR", "2026-01-01T00:00:00Z"))
        activity.record(purchase(.max, "USD", "2026-02-01T00:00:00Z"))
        activity.record(purchase(1, "USD", "2026-02-02T00:00:00Z"))
        #expect(activity.interactionCount == 5)
        #expect(activity.purchaseCount == 4)
        #expect(activity.totalSpent == ["EUR": 1250, "USD": .max])
        #expect(activity.firstPurchaseAt == Timestamp(rfc3339: "2026-01-01T00:00:00Z"))
        #expect(activity.lastPurchaseAt == Timestamp(rfc3339: "2026-05-01T00:00:00Z"))
        #expect(activity.lastInteractionAt == Timestamp(rfc3339: "2026-09-01T00:00:00Z"))
    }
}

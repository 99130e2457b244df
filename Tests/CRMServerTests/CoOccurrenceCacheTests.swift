import CRMModel
import CRMStore
import Testing
@testable import CRMServices

/// Recommendations through the co-occurrence cache: the same answers as counting per request, and
/// never stale after a purchase, a deleted purchase or a deleted contact.
@Suite struct CoOccurrenceCacheTests {
    static let at = Timestamp(rfc3339: "2026-11-01T10:00:00Z")!
    let state = ContactsState()
    var seq: UInt64 = 0

    mutating func apply(_ type: String, _ id: String, _ op: RecordOp = .put, _ data: [UInt8] = []) {
        seq += 1
        state.apply([Record(seq: seq, timestamp: Self.at.millisecondsSinceEpoch, type: type, id: id, op: op, actor: "t",
                            requestId: "r", data: data)])
    }

    mutating func contact(_ name: String) -> ContactID {
        var fields = ContactFields()
        fields.email = "\(name)@example.com"
        let contact = Contact(id: ContactID.make(), fields: fields, createdAt: Self.at, updatedAt: Self.at)
        apply("contact", contact.id.description, .put, contact.storedBytes)
        return contact.id
    }

    @discardableResult
    mutating func buy(_ customer: ContactID, _ products: [String]) -> InteractionID {
        var fields = InteractionFields(kind: .purchase, occurredAt: Self.at, purchase: Money(amount: 100, currency: "EUR"))
        fields.items = products.map { InteractionFields.Item(sku: $0, quantity: 1, unitPrice: 100) }
        let interaction = Interaction(id: InteractionID.make(), contactId: customer, fields: fields, createdAt: Self.at)
        apply("interaction", interaction.id.description, .put, interaction.jsonBytes)
        return interaction.id
    }

    /// (product, score) for `customer`, through a cache that caches every row and one that caches none.
    func suggestions(_ customer: ContactID, _ cache: CoOccurrenceCache) -> [String] {
        let cached = state.read { Recommendations.suggestions(for: customer, in: $0, cache: cache, limit: 10) }
        let counted = state.read { Recommendations.suggestions(for: customer, in: $0, cache: CoOccurrenceCache(minimumBuyers: .max), limit: 10) }
        #expect(cached.map(\.product) == counted.map(\.product))
        #expect(cached.map(\.score) == counted.map(\.score))
        return cached.map { "\($0.product) \($0.score)" }
    }

    /// Baskets U1 {A, B, C}, U2 {A, B}, U3 {A, D}, U4 {B, C, E}, U5 {D, E}: for U2, C = 3/√6,
    /// D = E = 1/√6 (as in AnalyticsPipelineTests). Then U3 buys C: n(C) = 3, C = (2 + 2)/√9 = 1.333333.
    /// Then that purchase is deleted, and U4 too: n(A) = 3, n(B) = 2, n(C) = 1, n(D) = 2, n(E) = 1;
    /// C = co(A,C)/√(3·1) + co(B,C)/√(2·1) = 0.577350 + 0.707107 = 1.284457; D = 1/√(3·2) = 0.408248;
    /// E is bought by nobody U2's products meet.
    @Test mutating func staysCurrentAfterEveryKindOfChange() {
        let cache = CoOccurrenceCache(minimumBuyers: 0)
        let users = ["u1", "u2", "u3", "u4", "u5"].map { contact($0) }
        for (user, basket) in zip(users, [["A", "B", "C"], ["A", "B"], ["A", "D"], ["B", "C", "E"], ["D", "E"]]) { buy(user, basket) }
        #expect(suggestions(users[1], cache) == ["C 1.224745", "D 0.408248", "E 0.408248"])
        #expect(suggestions(users[1], cache) == ["C 1.224745", "D 0.408248", "E 0.408248"], "from the cache")

        let extra = buy(users[2], ["C"])
        #expect(suggestions(users[1], cache) == ["C 1.333333", "D 0.408248", "E 0.408248"])

        apply("interaction", extra.description, .delete)
        #expect(suggestions(users[1], cache) == ["C 1.224745", "D 0.408248", "E 0.408248"])

        apply("contact", users[3].description, .delete)
        #expect(suggestions(users[1], cache) == ["C 1.284457", "D 0.408248"])
    }

    /// After a compaction a contact can be replayed after its purchases: until it is, they count for
    /// nobody's recommendations. U1 {A, B}, U2 {A}; late L {A, C} arrives without its contact.
    @Test mutating func purchasesOfAContactNotYetReplayedDoNotCount() {
        let cache = CoOccurrenceCache(minimumBuyers: 0)
        let first = contact("u1")
        let second = contact("u2")
        buy(first, ["A", "B"])
        buy(second, ["A"])
        var fields = ContactFields()
        fields.email = "late@example.com"
        let late = Contact(id: ContactID.make(), fields: fields, createdAt: Self.at, updatedAt: Self.at)
        buy(late.id, ["A", "C"])
        // n(A) counts every buyer (3), co-buyers only listed contacts: B = 1/√(3·1).
        #expect(suggestions(second, cache) == ["B 0.57735"])
        apply("contact", late.id.description, .put, late.storedBytes)
        #expect(suggestions(second, cache) == ["B 0.57735", "C 0.57735"])
    }
}

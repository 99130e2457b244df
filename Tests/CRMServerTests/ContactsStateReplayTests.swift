import CRMModel
import CRMStore
import Testing
@testable import CRMServices

/// `ContactsState.apply` in the orders a compacted log replays: the snapshot keeps each entity's
/// last record in log order, so a contact updated after its interactions comes after them, and a
/// deleted contact's records may be gone while the deletes of its interactions remain.
@Suite struct ContactsStateReplayTests {
    static let at = Timestamp(rfc3339: "2026-11-01T10:00:00Z")!

    func record(_ seq: UInt64, _ type: String, _ id: String, _ op: RecordOp = .put, _ data: [UInt8] = []) -> Record {
        Record(seq: seq, timestamp: Self.at.millisecondsSinceEpoch, type: type, id: id, op: op, actor: "t", requestId: "r", data: data)
    }

    func purchase(_ contact: ContactID, amount: Int64) -> Interaction {
        Interaction(id: InteractionID.make(), contactId: contact,
                    fields: InteractionFields(kind: .purchase, occurredAt: Self.at, purchase: Money(amount: amount, currency: "EUR")),
                    createdAt: Self.at)
    }

    @Test func interactionsBeforeTheirContactStillCount() {
        var fields = ContactFields()
        fields.email = "late@example.com"
        let contact = Contact(id: ContactID.make(), fields: fields, createdAt: Self.at, updatedAt: Self.at, version: 3)
        let first = purchase(contact.id, amount: 700)
        let second = purchase(contact.id, amount: 300)
        let state = ContactsState()
        state.apply([record(5, "interaction", first.id.description, .put, first.jsonBytes),
                     record(6, "interaction", second.id.description, .put, second.jsonBytes)])
        #expect(state.visibleInteraction(first.id) == nil, "hidden while its contact is unknown")
        state.apply([record(9, "contact", contact.id.description, .put, contact.storedBytes)])
        let replayed = state.contact(contact.id)
        #expect(replayed?.activity.purchaseCount == 2)
        #expect(replayed?.activity.totalSpent == ["EUR": 1000])
        #expect(state.visibleInteraction(first.id) == InteractionRef(id: first.id, contactId: contact.id))

        state.apply([record(10, "interaction", first.id.description, .delete)])
        #expect(state.contact(contact.id)?.activity.totalSpent == ["EUR": 300], "facts are recounted without it")
        #expect(state.visibleInteraction(first.id) == nil)
        #expect(state.interactionIds(of: contact.id) == [second.id])
    }

    @Test func deletesOfUnknownEntitiesAreHarmless() {
        let state = ContactsState()
        state.apply([record(1, "interaction", InteractionID.make().description, .delete),
                     record(2, "contact", ContactID.make().description, .delete)])
        #expect(state.count == 0)
    }

    @Test func forgettingAPurchaseRecountsTheProductsBought() {
        let contact = ContactID.make()
        func bought(_ skus: [String]) -> Interaction {
            var interaction = purchase(contact, amount: 100)
            interaction.fields.items = skus.map { InteractionFields.Item(sku: $0, quantity: 1, unitPrice: 100) }
            return interaction
        }
        let first = bought(["A", "B", "A"])
        let second = bought(["B", "C"])
        let state = ContactsState()
        state.apply([record(1, "interaction", first.id.description, .put, first.jsonBytes),
                     record(2, "interaction", second.id.description, .put, second.jsonBytes)])
        func owned() -> [String] {
            state.read { tables in tables.purchases.products(of: contact).map { tables.purchases.productKeys[Int($0)] } }
        }
        func buyers(_ sku: String) -> Int {
            state.read { tables in tables.purchases.productNumbers[sku].map { tables.purchases.customerCounts[Int($0)] } ?? -1 }
        }
        #expect(owned() == ["A", "B", "C"])
        state.apply([record(3, "interaction", first.id.description, .delete)])
        #expect(owned() == ["B", "C"])
        #expect([buyers("A"), buyers("B"), buyers("C")] == [0, 1, 1])
        #expect(state.read { $0.purchases.byCustomer[contact]?.map(\.id) } == [second.id])
        state.apply([record(4, "interaction", second.id.description, .delete)])
        #expect(owned().isEmpty)
        #expect([buyers("A"), buyers("B"), buyers("C")] == [0, 0, 0])
        #expect(state.read { $0.pendingActivity[contact] } == nil)
    }
}

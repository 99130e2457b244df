import CRMModel
import CRMSegments
import Testing

@Suite struct ContactSegmentValueTests {
    static func contact() -> Contact {
        var fields = ContactFields()
        fields.email = "Anna@Example.com"
        fields.firstName = "Anna"
        fields.company = "Acme"
        fields.address = ContactFields.Address(city: "Berlin", country: "DE")
        fields.socialHandles = ["x": "@anna"]
        fields.preferredChannel = .sms
        fields.lifecycleStage = .customer
        fields.tags = ["vip"]
        fields.customFields = ["plan": "gold", "seats": 12, "trial": false, "note": nil]
        fields.consent = ContactFields.Consent(email: true, sms: false)
        var contact = Contact(id: ContactID("ct_01ARYZ6S410000000000000000")!, fields: fields,
                              createdAt: timestamp("2026-01-31T10:00:00.000Z"), updatedAt: timestamp("2026-02-01T10:00:00.000Z"))
        contact.leadScore = 72
        return contact
    }

    @Test func answersEveryStoredFieldAndNoDerivedOne() {
        let contact = Self.contact()
        #expect(contact.segmentValue(of: .id) == .string("ct_01ARYZ6S410000000000000000"))
        #expect(contact.segmentValue(of: .email) == .string("Anna@Example.com"))
        #expect(contact.segmentValue(of: .lastName) == nil)
        #expect(contact.segmentValue(of: .addressCity) == .string("Berlin"))
        #expect(contact.segmentValue(of: .addressStreet) == nil)
        #expect(contact.segmentValue(of: .socialHandle("x")) == .string("@anna"))
        #expect(contact.segmentValue(of: .preferredChannel) == .string("sms"))
        #expect(contact.segmentValue(of: .lifecycleStage) == .string("customer"))
        #expect(contact.segmentValue(of: .tags) == .strings(["vip"]))
        #expect(contact.segmentValue(of: .consentEmail) == .bool(true))
        #expect(contact.segmentValue(of: .consentSms) == .bool(false))
        #expect(contact.segmentValue(of: .leadScore) == .number(72))
        #expect(contact.segmentValue(of: .createdAt) == .timestamp(timestamp("2026-01-31T10:00:00.000Z").millisecondsSinceEpoch))
        #expect(contact.segmentValue(of: .lastInteractionAt) == nil)
        #expect(contact.segmentValue(of: .customField("plan")) == .string("gold"))
        #expect(contact.segmentValue(of: .customField("seats")) == .number(12))
        #expect(contact.segmentValue(of: .customField("trial")) == .bool(false))
        #expect(contact.segmentValue(of: .customField("note")) == nil)
        #expect(contact.segmentValue(of: .customField("absent")) == nil)
        #expect(contact.segmentValue(of: .purchaseCount) == .number(0))
        #expect(contact.segmentValue(of: .lastPurchaseAt) == nil)
        #expect(contact.segmentValue(of: .rfmSegment) == nil)
        var buyer = contact
        buyer.activity.purchaseCount = 2
        buyer.activity.totalSpent = ["EUR": 1_500, "USD": 250]
        buyer.activity.lastPurchaseAt = timestamp("2026-02-03T10:00:00.000Z")
        #expect(buyer.segmentValue(of: .purchaseCount) == .number(2))
        #expect(buyer.segmentValue(of: .totalSpent) == .number(1_750))
        #expect(buyer.segmentValue(of: .lastPurchaseAt) == .timestamp(timestamp("2026-02-03T10:00:00.000Z").millisecondsSinceEpoch))
    }

    /// How the contacts service is expected to plug its types in.
    struct ContactSubject: SegmentSubject {
        let contact: Contact
        let derived: [SegmentField: SegmentValue]
        func value(of field: SegmentField) -> SegmentValue? {
            field.isDerived ? derived[field] : contact.segmentValue(of: field)
        }
    }

    @Test func aContactWithDerivedFactsIsEvaluatedEndToEnd() throws {
        let segment = try filter(#"""
            {"all":[{"field":"email","op":"eq","value":"anna@example.com"},
                    {"field":"address.city","op":"in","value":["Berlin","Paris"]},
                    {"field":"customFields.seats","op":"gte","value":10},
                    {"field":"purchaseCount","op":"gt","value":2},
                    {"field":"rfmSegment","op":"ne","value":"at_risk"}]}
            """#)
        let bound = segment.bound(now: testNow)
        let withFacts = ContactSubject(contact: Self.contact(), derived: [.purchaseCount: .number(3), .rfmSegment: .string("loyal")])
        #expect(bound.matches(withFacts))
        #expect(!bound.matches(ContactSubject(contact: Self.contact(), derived: [:])))
        #expect(!bound.matches(ContactSubject(contact: Self.contact(), derived: [.purchaseCount: .number(3), .rfmSegment: .string("at_risk")])))
    }
}

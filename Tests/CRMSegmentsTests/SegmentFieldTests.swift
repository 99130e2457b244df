import CRMModel
import CRMSegments
import Testing

@Suite struct SegmentFieldTests {
    @Test func everyNamedFieldReadsBackFromItsName() {
        for field in SegmentField.namedFields {
            #expect(SegmentField(name: field.name) == field)
        }
        #expect(SegmentField.namedFields.count == 27)
        #expect(SegmentField(name: "address.city") == .addressCity)
        #expect(SegmentField(name: "consent.sms") == .consentSms)
    }

    @Test func customFieldsAndSocialHandlesTakeAnyNonEmptyKey() {
        #expect(SegmentField(name: "customFields.plan") == .customField("plan"))
        #expect(SegmentField(name: "customFields.a.b") == .customField("a.b"))
        #expect(SegmentField(name: "socialHandles.x") == .socialHandle("x"))
        #expect(SegmentField.customField("plan").name == "customFields.plan")
        #expect(SegmentField(name: "customFields.") == nil)
        #expect(SegmentField(name: "customFields." + String(repeating: "k", count: 201)) == nil)
        #expect(SegmentField(name: "customfields.plan") == nil)
        #expect(SegmentField(name: "address") == nil)
        #expect(SegmentField(name: "Email") == nil)
    }

    @Test func kindsFollowTheContactModel() {
        #expect(SegmentField.email.kind == .text(foldsCase: true))
        #expect(SegmentField.company.kind == .text(foldsCase: false))
        #expect(SegmentField.lifecycleStage.kind
            == .choice(["subscriber", "lead", "mql", "sql", "opportunity", "customer", "evangelist", "churned"]))
        #expect(SegmentField.preferredChannel.kind == .choice(["email", "phone", "sms", "chat", "social"]))
        #expect(SegmentField.rfmSegment.kind
            == .choice(["champions", "loyal", "new", "potential_loyalist", "at_risk", "hibernating", "need_attention"]))
        #expect(SegmentField.tags.kind == .textList)
        #expect(SegmentField.consentEmail.kind == .flag)
        #expect(SegmentField.leadScore.kind == .number)
        #expect(SegmentField.totalSpent.kind == .number)
        #expect(SegmentField.lastPurchaseAt.kind == .timestamp)
        #expect(SegmentField.customField("x").kind == .custom)
        #expect(SegmentField.socialHandle("x").kind == .text(foldsCase: false))
    }

    @Test func onlyPurchaseFactsAndRFMAreDerived() {
        let derived = SegmentField.namedFields.filter(\.isDerived).map(\.name)
        #expect(derived == ["lastPurchaseAt", "purchaseCount", "totalSpent", "rfmSegment"])
        #expect(!SegmentField.leadScore.isDerived)
        #expect(!SegmentField.customField("x").isDerived)
    }

    @Test func operatorsPerKind() {
        #expect(SegmentFieldKind.text(foldsCase: false).operators.map(\.rawValue)
            == ["eq", "ne", "in", "nin", "contains", "prefix", "exists"])
        #expect(SegmentFieldKind.choice([]).operators.map(\.rawValue) == ["eq", "ne", "in", "nin", "exists"])
        #expect(SegmentFieldKind.number.operators.map(\.rawValue)
            == ["eq", "ne", "in", "nin", "gt", "gte", "lt", "lte", "exists"])
        #expect(SegmentFieldKind.flag.operators.map(\.rawValue) == ["eq", "ne", "exists"])
        #expect(SegmentFieldKind.timestamp.operators.map(\.rawValue)
            == ["gt", "gte", "lt", "lte", "before", "after", "exists"])
        #expect(SegmentFieldKind.textList.operators.map(\.rawValue) == ["contains", "in", "nin", "exists"])
        #expect(SegmentFieldKind.custom.operators.count == 13)
    }
}

import CRMModel

extension Contact {
    /// The value of a field of the contact, ready for a `SegmentSubject` to return; nil when the
    /// contact has no value. Purchase facts come from `activity`: `totalSpent` is the sum of the
    /// minor units of every currency (not converted; one currency per shop is the expected case).
    /// `rfmSegment` is the segment the analytics service attached (`rfm`), nil for non-customers.
    public func segmentValue(of field: SegmentField) -> SegmentValue? {
        switch field {
        case .id: return .string(id.description)
        case .email: return fields.email.map(SegmentValue.string)
        case .firstName: return fields.firstName.map(SegmentValue.string)
        case .lastName: return fields.lastName.map(SegmentValue.string)
        case .phone: return fields.phone.map(SegmentValue.string)
        case .company: return fields.company.map(SegmentValue.string)
        case .title: return fields.title.map(SegmentValue.string)
        case .addressStreet: return fields.address?.street.map(SegmentValue.string)
        case .addressCity: return fields.address?.city.map(SegmentValue.string)
        case .addressRegion: return fields.address?.region.map(SegmentValue.string)
        case .addressPostalCode: return fields.address?.postalCode.map(SegmentValue.string)
        case .addressCountry: return fields.address?.country.map(SegmentValue.string)
        case .preferredChannel: return fields.preferredChannel.map { .string($0.rawValue) }
        case .lifecycleStage: return .string(fields.lifecycleStage.rawValue)
        case .ownerId: return fields.ownerId.map(SegmentValue.string)
        case .tags: return .strings(fields.tags)
        case .externalId: return fields.externalId.map(SegmentValue.string)
        case .consentEmail: return .bool(fields.consent.email)
        case .consentSms: return .bool(fields.consent.sms)
        case .createdAt: return SegmentValue(createdAt)
        case .updatedAt: return SegmentValue(updatedAt)
        case .leadScore: return .number(Double(leadScore))
        case .lastInteractionAt: return lastInteractionAt.map(SegmentValue.init)
        case .socialHandle(let network): return fields.socialHandles[network].map(SegmentValue.string)
        case .customField(let key): return fields.customFields[key].flatMap(SegmentValue.init(json:))
        case .lastPurchaseAt: return activity.lastPurchaseAt.map(SegmentValue.init)
        case .purchaseCount: return .number(Double(activity.purchaseCount))
        case .totalSpent: return .number(Double(activity.totalSpent.values.reduce(0) { $0 &+ $1 }))
        case .rfmSegment: return rfm.map { .string($0.segment.rawValue) }
        }
    }
}

extension Contact: SegmentSubject {
    /// A contact as the API shows it (with `activity` and `leadScore` current) is its own subject.
    public func value(of field: SegmentField) -> SegmentValue? { segmentValue(of: field) }
}

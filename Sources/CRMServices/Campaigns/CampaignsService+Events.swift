import CRMModel
import CRMRouter
import CRMStore

/// Events about messages: reported by senders (`POST /v1/campaigns/{id}/events`) and recorded by
/// the tracking links. Every event is kept (`campaign-event`); stats count each kind once per
/// message. An `unsubscribed` event — from a sender or the unsubscribe link — also turns the
/// contact's consent for the message's channel off, in the same commit (a new contact version).
/// That is how unsubscribes are stored: later audiences leave the contact out because its consent
/// is off, until someone turns it on again through the contacts API.
extension CampaignsService {
    /// `{deliveryId | contactId, type, value?, occurredAt?, url?}`: exactly one of deliveryId and
    /// contactId (a contact with a message in this campaign); `value` (minor units ≥ 0) only for
    /// `converted`; `url` only for `clicked`; `occurredAt` defaults to now, at most 5 minutes ahead.
    func recordEvent(_ idText: String, body: JSONObject, actor: String, requestId: String) async throws -> CampaignEvent {
        var reader = ObjectReader(body)
        let deliveryId = reader.id("deliveryId", as: DeliveryID.self)
        let contactId = reader.id("contactId", as: ContactID.self)
        let kind = reader.enumValue("type", as: CampaignEventKind.self, required: true)
        let value = reader.int("value", in: 0...Int.max)
        let url = reader.string("url", maxLength: 2048)
        let occurredAt = reader.timestamp("occurredAt")
        if (deliveryId != nil) == (contactId != nil), reader.errors.isEmpty {
            reader.record(.invalidValue("deliveryId", "give exactly one of deliveryId and contactId"))
        }
        if value != nil, kind != nil, kind != .converted { reader.record(.invalidValue("value", "only a converted event has a value")) }
        if url != nil, kind != nil, kind != .clicked { reader.record(.invalidValue("url", "only a clicked event has a url")) }
        let now = Timestamp.now()
        if let occurredAt, occurredAt > now + .seconds(300) { reader.record(.invalidValue("occurredAt", "must not be more than 5 minutes ahead")) }
        try reader.finish()
        guard let kind else { throw FieldErrors([.required("type")]) }
        let campaign = try campaign(idText)
        let eventId = CampaignEventID.make()
        return try await store.commit(actor: actor, requestId: requestId) { [state] context in
            let message: CampaignMessage
            if let deliveryId {
                guard let found = state.message(deliveryId), found.campaignId == campaign.id else {
                    throw FieldErrors([.invalidValue("deliveryId", "is not a message of campaign \(campaign.id)")])
                }
                message = found
            } else {
                guard let contactId, let found = state.message(in: campaign.id, for: contactId) else {
                    throw FieldErrors([.invalidValue("contactId", "did not get a message of campaign \(campaign.id)")])
                }
                message = found
            }
            guard message.contactId != nil else { throw Problem.conflict("The recipient of delivery \(message.id) was erased.") }
            let at = Timestamp(millisecondsSinceEpoch: context.timestamp)
            let event = CampaignEvent(id: eventId, campaignId: campaign.id, deliveryId: message.id, contactId: message.contactId, kind: kind,
                                      value: value.map { Int64($0) }, url: url, occurredAt: occurredAt ?? at, source: "api", createdAt: at)
            context.append(type: CampaignsState.eventType, id: eventId.description, op: .put, data: event.jsonBytes)
            if kind == .unsubscribed { state.turnConsentOff(for: message, in: &context) }
            return event
        }
    }

    /// Records what a tracking link saw (`opened`, `clicked` with its link, `unsubscribed`) for the
    /// message the token names; nil when the token is not valid or the message was erased. An
    /// unsubscribe link is recorded once per message (visiting it again changes nothing). Without
    /// `recording` (a HEAD request) nothing is written.
    func track(_ kind: CampaignEventKind, token: String, url: String? = nil, recording: Bool = true) async throws -> CampaignMessage? {
        guard let key = state.trackingSecret, let id = TrackingTokens(key: key).delivery(in: token),
              let message = state.message(id), message.contactId != nil else { return nil }
        if let url, !message.links.contains(url) { return nil }
        guard recording else { return message }
        let eventId = CampaignEventID.make()
        return try await store.commit(actor: "tracking", requestId: "tracking") { [state] context in
            guard let message = state.message(id), message.contactId != nil else { return nil }
            if kind == .unsubscribed, state.engagement(of: id).has(.unsubscribed) {
                state.turnConsentOff(for: message, in: &context)
                return message
            }
            let at = Timestamp(millisecondsSinceEpoch: context.timestamp)
            let event = CampaignEvent(id: eventId, campaignId: message.campaignId, deliveryId: id, contactId: message.contactId, kind: kind,
                                      value: nil, url: url, occurredAt: at, source: "tracking", createdAt: at)
            context.append(type: CampaignsState.eventType, id: eventId.description, op: .put, data: event.jsonBytes)
            if kind == .unsubscribed { state.turnConsentOff(for: message, in: &context) }
            return message
        }
    }
}

extension CampaignsState {
    /// The contact's message in the campaign, if it got one.
    func message(in campaign: CampaignID, for contact: ContactID) -> CampaignMessage? {
        read { tables in (tables.byContact[contact] ?? []).sorted().lazy.compactMap { tables.messages[$0] }.first { $0.campaignId == campaign } }
    }

    func engagement(of id: DeliveryID) -> DeliveryEngagement {
        read { $0.engagement(of: id) }
    }

    /// Appends a new version of the message's contact with consent for the message's channel off
    /// (nothing when the contact is gone or already off).
    func turnConsentOff(for message: CampaignMessage, in context: inout CommitContext) {
        guard let id = message.contactId, var contact = contacts.contact(id) else { return }
        switch message.channel {
        case .email:
            guard contact.fields.consent.email else { return }
            contact.fields.consent.email = false
        case .sms:
            guard contact.fields.consent.sms else { return }
            contact.fields.consent.sms = false
        }
        contact.updatedAt = Timestamp(millisecondsSinceEpoch: context.timestamp)
        contact.version += 1
        context.append(type: ContactsState.recordType, id: id.description, op: .put, data: contact.storedBytes)
    }
}

import CRMModel
import CRMStore

/// A contact's campaign history through the contacts service (`ContactLinkedRecords`):
/// - merge: the duplicate's messages and events name the kept contact (the message's `to` stays:
///   it is where it went);
/// - erase: messages hold rendered personal text, so each is anonymised (erase + anonymous put:
///   no contact, address, subject, body or links), as are its progress (no sender detail; one not
///   sent yet becomes `cancelled`) and events (no contact, no link); stats keep counting them;
/// - timeline: each campaign event, kind `campaign_event`, at `occurredAt`;
/// - privacy export: section `deliveries`, each message with its progress and events.
/// Deleting a contact leaves its messages and events in place (stats keep counting them); a
/// message of it not sent yet is cancelled at the next claim instead of being handed out.
struct CampaignContactLinks: ContactLinkedRecords {
    let state: CampaignsState

    func moveLinked(from duplicate: ContactID, to kept: ContactID, in context: inout CommitContext) {
        let (messages, events) = records(of: duplicate)
        for var message in messages {
            message.contactId = kept
            context.append(type: CampaignsState.messageType, id: message.id.description, op: .put, data: message.storedBytes)
        }
        for var event in events {
            event.contactId = kept
            context.append(type: CampaignsState.eventType, id: event.id.description, op: .put, data: event.jsonBytes)
        }
    }

    func eraseLinked(of contact: ContactID, in context: inout CommitContext) -> [String] {
        let (messages, events) = records(of: contact)
        var erased: [String] = []
        for message in messages {
            context.append(type: CampaignsState.messageType, id: message.id.description, op: .erase, data: [])
            context.append(type: CampaignsState.messageType, id: message.id.description, op: .put, data: message.anonymised.storedBytes)
            // The sender's detail may quote the address; a message not sent yet never will be.
            let stored = state.read { $0.progress[message.id] }
            var progress = stored ?? DeliveryProgress(deliveryId: message.id, state: .queued, updatedAt: message.createdAt)
            progress.detail = nil
            if progress.state.isPending {
                progress.state = .cancelled
                progress.leaseExpiresAt = nil
                progress.updatedAt = Timestamp(millisecondsSinceEpoch: context.timestamp)
            }
            if stored != nil || progress.state == .cancelled {
                let entity = DeliveryProgress.entityId(of: message.id)
                if stored != nil { context.append(type: CampaignsState.progressType, id: entity, op: .erase, data: []) }
                context.append(type: CampaignsState.progressType, id: entity, op: .put, data: progress.storedBytes)
            }
            erased.append(message.id.description)
        }
        for event in events {
            context.append(type: CampaignsState.eventType, id: event.id.description, op: .erase, data: [])
            context.append(type: CampaignsState.eventType, id: event.id.description, op: .put, data: event.anonymised.jsonBytes)
            erased.append(event.id.description)
        }
        return erased
    }

    func timelineEntries(of contact: ContactID) -> [TimelineEntry] {
        let (events, names) = state.read { tables in
            let events = (tables.eventsByContact[contact] ?? []).compactMap { tables.events[$0] }
            let names = Dictionary(events.map { ($0.campaignId, tables.campaigns[$0.campaignId]?.fields.name) }) { first, _ in first }
            return (events, names)
        }
        return events.map { event in
            let name = names[event.campaignId] ?? nil
            return TimelineEntry(kind: "campaign_event", at: event.occurredAt, id: event.id.description) { writer in
                writer.beginObject()
                writer.field("id", event.id)
                writer.field("campaignId", event.campaignId)
                writer.field("campaignName", name)
                writer.field("deliveryId", event.deliveryId)
                writer.field("type", event.kind.rawValue)
                writer.field("value", event.value)
                writer.field("url", event.url)
                writer.field("occurredAt", event.occurredAt)
                writer.endObject()
            }
        }
    }

    func exportSections(of contact: ContactID) -> [ExportSection] {
        let now = Timestamp.now()
        let deliveries: [(DeliveryView, [CampaignEvent])] = state.read { tables in
            (tables.byContact[contact] ?? []).sorted().compactMap { id in
                tables.view(of: id, now: now).map { ($0, (tables.eventsByDelivery[id] ?? []).compactMap { tables.events[$0] }) }
            }
        }
        return [ExportSection(name: "deliveries", items: deliveries.map { delivery in
            { writer in delivery.0.write(to: &writer, events: delivery.1) }
        })]
    }

    /// The contact's messages and events now.
    private func records(of contact: ContactID) -> ([CampaignMessage], [CampaignEvent]) {
        state.read { tables in
            ((tables.byContact[contact] ?? []).sorted().compactMap { tables.messages[$0] },
             (tables.eventsByContact[contact] ?? []).sorted().compactMap { tables.events[$0] })
        }
    }
}

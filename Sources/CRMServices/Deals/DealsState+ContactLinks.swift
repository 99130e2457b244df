import CRMModel
import CRMStore

/// Deals follow their contact: a merge moves them to the kept contact, an erase anonymises their
/// free text (name, lost reason) in place, and they show on the timeline (`deal` at creation, one
/// `deal_stage` per stage entered) and in the privacy export.
extension DealsState: ContactLinkedRecords {
    public func moveLinked(from duplicate: ContactID, to kept: ContactID, in context: inout CommitContext) {
        for id in dealIds(of: duplicate) {
            guard var deal = deal(id) else { continue }
            deal.fields.contactId = kept
            deal.version += 1
            deal.updatedAt = Timestamp(millisecondsSinceEpoch: context.timestamp)
            context.append(type: Self.recordType, id: id.description, op: .put, data: deal.storedBytes)
        }
    }

    public func eraseLinked(of contact: ContactID, in context: inout CommitContext) -> [String] {
        let ids = dealIds(of: contact)
        for id in ids {
            guard var deal = deal(id) else { continue }
            deal.fields.name = Self.erasedText
            if deal.fields.lostReason != nil { deal.fields.lostReason = Self.erasedText }
            deal.version += 1
            deal.updatedAt = Timestamp(millisecondsSinceEpoch: context.timestamp)
            // Erase first: compaction then keeps nothing of the deal from before this point.
            context.append(type: Self.recordType, id: id.description, op: .erase, data: [])
            context.append(type: Self.recordType, id: id.description, op: .put, data: deal.storedBytes)
        }
        return ids.map(\.description)
    }

    static let erasedText = "[erased]"

    public func timelineEntries(of contact: ContactID) -> [TimelineEntry] {
        let pipeline = pipeline
        var entries: [TimelineEntry] = []
        for deal in dealIds(of: contact).compactMap({ deal($0) }) {
            let probability = pipeline.stage(deal.stage)?.probability
            entries.append(TimelineEntry(kind: "deal", at: deal.createdAt, id: deal.id.description) { writer in
                deal.write(to: &writer, probability: probability)
            })
            for (position, entry) in deal.stageHistory.enumerated() {
                entries.append(TimelineEntry(kind: "deal_stage", at: entry.enteredAt, id: "\(deal.id)#\(position)") { writer in
                    writer.beginObject()
                    writer.field("dealId", deal.id)
                    writer.field("dealName", deal.fields.name)
                    writer.field("stage", entry.stage)
                    writer.field("enteredAt", entry.enteredAt)
                    writer.endObject()
                })
            }
        }
        return entries
    }

    public func exportSections(of contact: ContactID) -> [ExportSection] {
        let deals = dealIds(of: contact).compactMap { deal($0) }
        guard !deals.isEmpty else { return [] }
        return [ExportSection(name: "deals", items: deals.map { deal in { writer in deal.write(to: &writer) } })]
    }
}

import CRMModel
import CRMRouter
import CRMStore

extension ContactsService {
    /// Everything stored about one person: the contact, its history, its interactions and what
    /// other services keep about them (tickets, deals, deliveries).
    func privacyExport(_ idText: String) throws -> (contact: Contact, history: [HistoryEntry], interactions: [Interaction], linked: [ExportSection]) {
        let contact = try contact(idText)
        let history = EntityHistory.entries(try store.versions(of: contact.id.description)).reversed()
        let interactions = try interactionReader.interactions(of: contact.id, in: state)
        return (contact, Array(history), interactions, links.flatMap { $0.exportSections(of: contact.id) })
    }

    /// Erases a person (GDPR): an `erase` tombstone without personal data replaces the contact in
    /// memory, then a compaction rewrites the log without any earlier version of it, so no file in
    /// the data directory holds the person's email, name or phone when this returns.
    func erase(_ idText: String, actor: String, requestId: String) async throws {
        guard let id = ContactID(idText) else { throw Problem.notFound("No contact with id '\(idText)'.") }
        if state.contact(id) == nil {
            // Erasing again finishes an erase whose compaction could not run (idempotent).
            guard try store.versions(of: id.description).last?.op == .erase else { throw Problem.notFound("No contact with id '\(idText)'.") }
            return try await compactAfterErase()
        }
        try await store.commit(actor: actor, requestId: requestId) { [state, erasureParticipants, links] context in
            guard state.contact(id) != nil else { throw Problem.notFound("No contact with id '\(idText)'.") }
            // Interactions hold what the person said and bought: erased with them, and so is every
            // copy elsewhere (webhook payloads) that names the contact or one of its interactions.
            let interactions = state.interactionIds(of: id)
            for interaction in interactions {
                context.append(type: ContactsState.interactionRecordType, id: interaction.description, op: .erase, data: [])
            }
            var entityIds = [id.description] + interactions.map(\.description)
            for link in links { entityIds += link.eraseLinked(of: id, in: &context) }
            for participant in erasureParticipants {
                for copy in participant(entityIds) { context.append(type: copy.type, id: copy.id, op: .erase, data: []) }
            }
            context.append(type: ContactsState.recordType, id: id.description, op: .erase, data: [])
        }
        try await compactAfterErase()
    }

    /// Runs a compaction, waiting (≤ 60 s) for one already running to finish first: a compaction
    /// that started before the erase may not have seen it.
    private func compactAfterErase() async throws {
        for _ in 0..<240 {
            do throws(StoreError) {
                _ = try await store.compact()
                return
            } catch .compactionRunning {
                try await Task.sleep(for: .milliseconds(250))
            }
        }
        throw Problem(status: .serviceUnavailable, type: "urn:crm:problem:erase-pending",
                      detail: "The contact is erased, but its old versions are still on disk because compaction is busy; "
                          + "POST the erase again later to finish removing them.", headers: ["Retry-After": "60"])
    }
}

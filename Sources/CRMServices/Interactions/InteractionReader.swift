import CRMModel
import CRMStore

/// Reads interactions in full from the log: the state keeps only their summaries, so a served
/// interaction is read back from its newest record (one positioned read; the newest is in memory
/// while the writer has not written it yet). An interaction a merge moved to another contact since
/// the state was read is left out, as the state now lists it there.
struct InteractionReader: Sendable {
    let store: Store

    /// The interaction, or nil when it has no put or its newest names another contact.
    func interaction(_ ref: InteractionRef) throws -> Interaction? {
        try store.latestPut(of: ref.id.description).flatMap { Self.decode($0, of: ref) }
    }

    /// The interactions still readable, in the given order (the log read in one pass).
    func interactions(_ refs: [InteractionRef]) throws -> [Interaction] {
        let records = try store.latestPuts(of: refs.map(\.id.description))
        return zip(records, refs).compactMap { record, ref in record.flatMap { Self.decode($0, of: ref) } }
    }

    private static func decode(_ record: Record, of ref: InteractionRef) -> Interaction? {
        guard case .object(let object)? = try? JSONParser().parse(record.data), let interaction = Interaction(stored: object),
              interaction.contactId == ref.contactId else { return nil }
        return interaction
    }

    /// `contact`'s interactions, oldest first.
    func interactions(of contact: ContactID, in state: ContactsState) throws -> [Interaction] {
        try interactions(state.interactionIds(of: contact).map { InteractionRef(id: $0, contactId: contact) })
    }

    func page(_ refs: Page<InteractionRef>) throws -> Page<Interaction> {
        Page(data: try interactions(refs.data), nextCursor: refs.nextCursor)
    }
}

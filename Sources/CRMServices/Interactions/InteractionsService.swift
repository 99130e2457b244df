import CRMModel
import CRMRouter
import CRMStore

/// The business rules of interactions (SPEC §3): validate, check on the store's writer that the
/// contact exists (404 otherwise), record. Interactions are immutable; a deleted contact's
/// interactions are hidden. Never sees HTTP beyond the `Problem`s it throws.
public final class InteractionsService: Sendable {
    let store: Store
    let state: ContactsState
    let reader: InteractionReader

    public init(store: Store, state: ContactsState) {
        self.store = store
        self.state = state
        reader = InteractionReader(store: store)
    }

    public func record(_ body: JSONObject, contact contactText: String, actor: String, requestId: String) async throws -> Interaction {
        guard let contactId = ContactID(contactText) else { throw Self.noContact(contactText) }
        let fields = try InteractionFields.read(from: body, now: Timestamp.now())
        let id = InteractionID.make()
        return try await store.commit(actor: actor, requestId: requestId) { [state] context in
            guard state.contains(contactId) else { throw Self.noContact(contactText) }
            let interaction = Interaction(id: id, contactId: contactId, fields: fields,
                                          createdAt: Timestamp(millisecondsSinceEpoch: context.timestamp))
            context.append(type: ContactsState.interactionRecordType, id: id.description, op: .put, data: interaction.jsonBytes)
            return interaction
        }
    }

    public func interaction(_ idText: String) throws -> Interaction {
        guard let id = InteractionID(idText), let ref = state.visibleInteraction(id),
              let interaction = try reader.interaction(ref) else {
            throw Problem.notFound("No interaction with id '\(idText)'.")
        }
        return interaction
    }

    /// The contact's interactions, newest first; 404 when the contact does not exist.
    func list(_ query: InteractionListQuery, contact contactText: String) throws -> Page<Interaction> {
        guard let contactId = ContactID(contactText), let page = state.interactionPage(query, of: contactId) else {
            throw Self.noContact(contactText)
        }
        return try reader.page(page)
    }

    /// Every visible interaction, newest first, filtered by `query`.
    func list(_ query: InteractionListQuery) throws -> Page<Interaction> {
        try reader.page(state.interactionPage(query, of: nil) ?? Page(data: [], nextCursor: nil))
    }

    static func noContact(_ idText: String) -> Problem {
        Problem.notFound("No contact with id '\(idText)'.")
    }
}

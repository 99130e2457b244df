import CRMModel

/// Reading interactions: one by id, and newest-first pages. A page is the `limit` items strictly
/// before the cursor's (occurredAt, id) key, so a walk neither repeats nor skips an interaction
/// while others are recorded or hidden.
extension ContactsState {
    /// The interaction, while its contact exists.
    func interaction(_ id: InteractionID) -> Interaction? {
        read { tables in
            tables.interactions.byId[id].flatMap { !tables.byId.contains($0.contactId) ? nil : $0 }
        }
    }

    /// The ids of `contact`'s interactions (to delete them with it).
    func interactionIds(of contact: ContactID) -> [InteractionID] {
        read { $0.interactions.byContact[contact]?.map(\.id) ?? [] }
    }

    /// A page of `contact`'s interactions (nil when the contact does not exist), or of all of them
    /// (`contact` nil; `query.contactId` still filters).
    func interactionPage(_ query: InteractionListQuery, of contact: ContactID?) -> Page<Interaction>? {
        read { tables in
            let owner = contact ?? query.contactId
            if let contact, !tables.byId.contains(contact) { return nil }
            let keys = owner.map { tables.interactions.byContact[$0] ?? [] } ?? tables.interactions.timeline
            return Self.page(keys, query, tables.interactions.byId) { tables.byId.contains($0) }
        }
    }

    private static func page(_ keys: [InteractionKey], _ query: InteractionListQuery, _ byId: [InteractionID: Interaction],
                             hasContact: (ContactID) -> Bool) -> Page<Interaction> {
        // Start just below the cursor and `until`, walk down to `since`.
        var end = keys.count
        if let after = query.after { end = min(end, InteractionTables.firstPosition(notBelow: after, in: keys)) }
        if let until = query.until {
            let bound = InteractionKey(occurredAt: until.millisecondsSinceEpoch + 1, id: InteractionID(ULID(rawValue: 0)))
            end = min(end, InteractionTables.firstPosition(notBelow: bound, in: keys))
        }
        let floor = query.since?.millisecondsSinceEpoch ?? Int64.min
        var found: [Interaction] = []
        var position = end - 1
        while position >= 0, keys[position].occurredAt >= floor {
            if let interaction = byId[keys[position].id], query.matches(interaction), hasContact(interaction.contactId) {
                if found.count == query.limit {
                    return Page(data: found, nextCursor: InteractionListQuery.encode(cursor: InteractionKey(found[found.count - 1])))
                }
                found.append(interaction)
            }
            position -= 1
        }
        return Page(data: found, nextCursor: nil)
    }
}

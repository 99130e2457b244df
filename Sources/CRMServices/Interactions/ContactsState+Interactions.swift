import CRMModel
import CRMStore

/// Finding interactions: one by id, and newest-first pages. A page is the `limit` items strictly
/// before the cursor's (occurredAt, id) key, so a walk neither repeats nor skips an interaction
/// while others are recorded or hidden. The state answers which interactions; `InteractionReader`
/// reads them in full from the store.
extension ContactsState {
    /// The interaction's contact, while the interaction is recorded and its contact exists.
    func visibleInteraction(_ id: InteractionID) -> InteractionRef? {
        read { tables in
            guard let summary = tables.interactions.byId[id], tables.byId.contains(summary.contactId) else { return nil }
            return InteractionRef(id: id, contactId: summary.contactId)
        }
    }

    /// The ids of `contact`'s interactions, oldest first (to delete, move or read them with it).
    func interactionIds(of contact: ContactID) -> [InteractionID] {
        read { $0.interactions.byContact[contact]?.map(\.id) ?? [] }
    }

    /// `contact`'s interactions as the timeline lists them: id, time and type, oldest first.
    func interactionKeys(of contact: ContactID) -> [(key: InteractionKey, kind: InteractionFields.Kind)] {
        read { tables in
            (tables.interactions.byContact[contact] ?? []).compactMap { key in
                tables.interactions.byId[key.id].map { (key, $0.kind) }
            }
        }
    }

    /// A page of `contact`'s interactions (nil when the contact does not exist), or of all of them
    /// (`contact` nil; `query.contactId` still filters).
    func interactionPage(_ query: InteractionListQuery, of contact: ContactID?) -> Page<InteractionRef>? {
        read { tables in
            let owner = contact ?? query.contactId
            if let contact, !tables.byId.contains(contact) { return nil }
            let keys = owner.map { tables.interactions.byContact[$0] ?? [] } ?? tables.interactions.timeline
            return Self.page(keys, query, tables.interactions.byId) { tables.byId.contains($0) }
        }
    }

    private static func page(_ keys: [InteractionKey], _ query: InteractionListQuery, _ byId: SortedIDMap<InteractionID, InteractionSummary>,
                             hasContact: (ContactID) -> Bool) -> Page<InteractionRef> {
        // Start just below the cursor and `until`, walk down to `since`.
        var end = keys.count
        if let after = query.after { end = min(end, InteractionTables.firstPosition(notBelow: after, in: keys)) }
        if let until = query.until {
            let bound = InteractionKey(occurredAt: until.millisecondsSinceEpoch + 1, id: InteractionID(ULID(rawValue: 0)))
            end = min(end, InteractionTables.firstPosition(notBelow: bound, in: keys))
        }
        let floor = query.since?.millisecondsSinceEpoch ?? Int64.min
        var found: [InteractionRef] = []
        var lastKey: InteractionKey?
        var position = end - 1
        while position >= 0, keys[position].occurredAt >= floor {
            let key = keys[position]
            if let summary = byId[key.id], query.matches(summary.kind), hasContact(summary.contactId) {
                if found.count == query.limit, let lastKey {
                    return Page(data: found, nextCursor: InteractionListQuery.encode(cursor: lastKey))
                }
                found.append(InteractionRef(id: key.id, contactId: summary.contactId))
                lastKey = key
            }
            position -= 1
        }
        return Page(data: found, nextCursor: nil)
    }
}

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
            var page = InteractionPageCollector(query)
            let bound = page.bound
            let visit = { (key: InteractionKey) -> Bool in
                let summary = tables.interactions.byId[key.id]
                return page.take(key, summary, contactExists: summary.map { tables.byId.contains($0.contactId) } ?? false)
            }
            if let owner {
                (tables.interactions.byContact[owner] ?? []).forEachDescending(below: bound, visit)
            } else {
                tables.interactions.timeline.forEachDescending(below: bound, visit)
            }
            return page.result
        }
    }
}

/// A page of interactions gathered while keys are walked newest first: from just below the cursor
/// and `until` (`bound`) down to `since`, the visible ones that match, up to the limit.
struct InteractionPageCollector {
    let query: InteractionListQuery
    let bound: InteractionKey?
    private let floor: Int64
    private var found: [InteractionRef] = []
    private var lastKey: InteractionKey?
    private var nextCursor: String?

    init(_ query: InteractionListQuery) {
        self.query = query
        var bound = query.after
        if let until = query.until {
            let untilBound = InteractionKey(occurredAt: until.millisecondsSinceEpoch + 1, id: InteractionID(ULID(rawValue: 0)))
            bound = bound.map { min($0, untilBound) } ?? untilBound
        }
        self.bound = bound
        floor = query.since?.millisecondsSinceEpoch ?? Int64.min
    }

    /// Takes the next key down (with its summary, nil once it is removed); false when the walk is over.
    mutating func take(_ key: InteractionKey, _ summary: InteractionSummary?, contactExists: Bool) -> Bool {
        guard key.occurredAt >= floor else { return false }
        guard let summary, query.matches(summary.kind), contactExists else { return true }
        if found.count == query.limit, let lastKey {
            nextCursor = InteractionListQuery.encode(cursor: lastKey)
            return false
        }
        found.append(InteractionRef(id: key.id, contactId: summary.contactId))
        lastKey = key
        return true
    }

    var result: Page<InteractionRef> { Page(data: found, nextCursor: nextCursor) }
}

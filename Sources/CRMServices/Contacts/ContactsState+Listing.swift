import CRMModel
import CRMStore

/// Cursor paging over the contacts: a page is the `limit` items strictly after the cursor in
/// (sort key, id) order, so a walk neither repeats nor skips an item that stays unchanged while
/// others are inserted or deleted.
extension ContactsState {
    func page(_ query: ContactListQuery) -> Page<Contact> {
        let now = Timestamp.now()
        return read { tables in
            let ids = candidates(for: query, in: tables)
            if query.sort == .createdAt {
                // Creation order is id order, and every candidate list is sorted by id: walk it from
                // the cursor (found by binary search) in the query's direction, without copying or
                // reversing it, and stop at limit + 1 matches.
                let after = query.cursor.flatMap { ContactID($0.id) }
                var found: [Contact] = []
                let take = { (id: ContactID) -> Bool in
                    if let stored = tables.byId[id], query.matches(stored),
                       let contact = tables.view(id, now: now), query.matchesSegment(contact, rfm: { self.rfm.score(of: id, in: tables) }) {
                        found.append(contact)
                    }
                    return found.count <= query.limit
                }
                ids.walk(after: after, descending: query.isDescending, take)
                return makePage(found.map { (query.sortKey($0), $0) }, limit: query.limit)
            }
            var matched: [(key: String, contact: Contact)] = []
            ids.walk(after: nil, descending: false) { id in
                if let stored = tables.byId[id], query.matches(stored),
                   let contact = tables.view(id, now: now), query.matchesSegment(contact, rfm: { self.rfm.score(of: id, in: tables) }) {
                    matched.append((query.sortKey(contact), contact))
                }
                return true
            }
            matched.sort { $0.key == $1.key ? $0.contact.id < $1.contact.id : $0.key < $1.key }
            if query.isDescending { matched.reverse() }
            var start = 0
            if let cursor = query.cursor {
                start = matched.firstIndex { item in
                    let comparison = item.key == cursor.sortKey ? compare(item.contact.id.description, cursor.id) : compare(item.key, cursor.sortKey)
                    return query.isDescending ? comparison < 0 : comparison > 0
                } ?? matched.count
            }
            return makePage(Array(matched[start..<min(matched.count, start + query.limit + 1)]), limit: query.limit)
        }
    }

    /// The first `limit` items, and a cursor after the last of them when more follow.
    private func makePage(_ items: [(key: String, contact: Contact)], limit: Int) -> Page<Contact> {
        let shown = items.prefix(limit)
        let next = items.count > limit ? shown.last.map { Cursor.encode(sortKey: $0.key, id: $0.contact.id.description) } : nil
        return Page(data: shown.map(\.contact), nextCursor: next)
    }

    private func compare(_ left: String, _ right: String) -> Int {
        left == right ? 0 : (left < right ? -1 : 1)
    }

    /// The smallest index set that can answer the query; every candidate is still checked in full.
    private func candidates(for query: ContactListQuery, in tables: borrowing ContactTables) -> ContactCandidates {
        if let email = query.email {
            return .ids(tables.byEmail[EmailAddress.normalizedKey(email)].map { [$0] } ?? [])
        }
        let keyed = query.search.filter { $0.count >= ContactSearchTokens.keyLength }
        if !keyed.isEmpty {
            // The rarest key's contacts, kept when every other key has them too (binary searches).
            var indexes = Set(keyed.map(ContactSearchTokens.key)).map { tables.bySearchKey[$0] ?? OrderedIndex() }
            indexes.sort { $0.count < $1.count }
            let rarest = indexes.removeFirst()
            if indexes.isEmpty { return .index(rarest) }
            var kept: [ContactID] = []
            rarest.forEach { id in
                if indexes.allSatisfy({ $0.contains(id) }) { kept.append(id) }
                return true
            }
            return .ids(kept)
        }
        if let tag = query.tag { return .index(tables.byTag[tag] ?? OrderedIndex()) }
        if let stage = query.lifecycleStage { return .index(tables.byStage[stage] ?? OrderedIndex()) }
        return .ids(tables.creationOrder)
    }
}

/// The ids a contact list looks at, sorted by id: an array, or an index walked where it is (copying a
/// stage's 300,000 ids out of their index was most of a filtered first page).
private enum ContactCandidates {
    case ids([ContactID])
    case index(OrderedIndex<ContactID>)

    /// Calls `visit` with the ids after `cursor` (before it when descending), in that direction,
    /// until it returns false.
    func walk(after cursor: ContactID?, descending: Bool, _ visit: (ContactID) -> Bool) {
        switch self {
        case .ids(let ids):
            if descending { ids.forEachDescending(below: cursor, visit) } else { ids.forEachAscending(after: cursor, visit) }
        case .index(let index):
            index.forEach(after: cursor, descending: descending, visit)
        }
    }
}

import CRMModel

/// The walk behind `GET /v1/contacts/export`: contacts matching a list query in creation order,
/// a slice at a time, resumed after the last id looked at. Each slice holds the lock for at most
/// `scanLimit` ids, so a large export never stalls writers; contacts created or deleted between
/// slices are seen or missed as they would be by a cursor walk of the list.
extension ContactsState {
    /// Calls `visit` with up to `limit` matching contacts (as the API shows them) created after
    /// `after`; answers the id to resume after, or nil when the walk reached the end.
    func walkExport(after: ContactID?, query: ContactListQuery, limit: Int, scanLimit: Int = 20_000,
                    _ visit: (Contact) -> Void) -> ContactID? {
        let now = Timestamp.now()
        return read { tables in
            func visitIfMatching(_ id: ContactID) -> Bool {
                guard let stored = tables.byId[id], query.matches(stored),
                      let contact = tables.view(id, now: now), query.matchesSegment(contact, rfm: { rfm.score(of: id, in: tables) }) else { return false }
                visit(contact)
                return true
            }
            if let email = query.email {
                if after == nil, let id = tables.byEmail[EmailAddress.normalizedKey(email)] { _ = visitIfMatching(id) }
                return nil
            }
            let order = tables.creationOrder
            var position = 0
            if let after, let found = tables.position(of: after) {
                position = found < order.count && order[found] == after ? found + 1 : found
            }
            var found = 0
            var scanned = 0
            while position < order.count && found < limit && scanned < scanLimit {
                if visitIfMatching(order[position]) { found += 1 }
                position += 1
                scanned += 1
            }
            return position < order.count ? order[position - 1] : nil
        }
    }
}

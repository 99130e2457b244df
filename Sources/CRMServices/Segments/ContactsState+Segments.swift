import CRMModel
import CRMSegments

/// Segment membership over the contacts, each contact as the API shows it (derived facts and lead
/// score current), in creation order. The scan takes the contacts' read lock for `scanChunk`
/// contacts at a time, so a large one never holds up the writer (whose `apply` needs the write
/// lock) for long; each contact is judged as it is when its chunk is read.
extension ContactsState {
    static let scanChunk = 2_000

    /// Calls `visit` for every contact in creation order, `scanChunk` per read lock.
    func forEachContact(now: Timestamp, _ visit: (Contact) -> Void) {
        let ids = read { $0.creationOrder }
        for start in stride(from: 0, to: ids.count, by: Self.scanChunk) {
            read { tables in
                for id in ids[start..<min(start + Self.scanChunk, ids.count)] {
                    if let contact = tables.view(id, now: now) { visit(contact) }
                }
            }
        }
    }

    /// One page of a segment's members after `after` (by id), and how many members there are in all.
    func members(of filter: BoundSegmentFilter, after: ContactID?, limit: Int) -> (page: [Contact], total: Int, hasMore: Bool) {
        var page: [Contact] = []
        var total = 0
        var hasMore = false
        forEachContact(now: filter.now) { contact in
            guard filter.matches(contact) else { return }
            total += 1
            guard after.map({ contact.id > $0 }) ?? true else { return }
            if page.count < limit { page.append(contact) } else { hasMore = true }
        }
        return (page, total, hasMore)
    }

    /// A campaign's audience (SPEC §3): members of `filter` who consented to `channel`
    /// (`consent.email`, `consent.sms` — an unsubscribe turns it off) and have an address for it
    /// (email, or phone for sms), one per address (the oldest contact keeps a shared phone), in
    /// creation order.
    func audience(of filter: BoundSegmentFilter, channel: CampaignChannel) -> [ContactID] {
        var seen = Set<String>()
        var audience: [ContactID] = []
        forEachContact(now: filter.now) { contact in
            let fields = contact.fields
            let consented = channel == .email ? fields.consent.email : fields.consent.sms
            guard consented, let address = channel == .email ? fields.email.map(EmailAddress.normalizedKey) : fields.phone,
                  filter.matches(contact), seen.insert(address).inserted else { return }
            audience.append(contact.id)
        }
        return audience
    }
}

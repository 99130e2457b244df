import CRMModel
import CRMSegments

/// Segment membership over the contacts, each contact as the API shows it (derived facts and lead
/// score current), in creation order — one consistent read of the contacts per call.
extension ContactsState {
    /// One page of a segment's members after `after` (by id), and how many members there are in all.
    func members(of filter: BoundSegmentFilter, after: ContactID?, limit: Int) -> (page: [Contact], total: Int, hasMore: Bool) {
        read { tables in
            var page: [Contact] = []
            var total = 0
            var hasMore = false
            for id in tables.creationOrder {
                guard let contact = tables.view(id, now: filter.now), filter.matches(contact) else { continue }
                total += 1
                guard after.map({ id > $0 }) ?? true else { continue }
                if page.count < limit { page.append(contact) } else { hasMore = true }
            }
            return (page, total, hasMore)
        }
    }

    /// A campaign's audience (SPEC §3): members of `filter` who consented to `channel`
    /// (`consent.email`, `consent.sms` — an unsubscribe turns it off) and have an address for it
    /// (email, or phone for sms), one per address (the oldest contact keeps a shared phone), in
    /// creation order.
    func audience(of filter: BoundSegmentFilter, channel: CampaignChannel) -> [ContactID] {
        read { tables in
            var seen = Set<String>()
            var audience: [ContactID] = []
            for id in tables.creationOrder {
                guard let stored = tables.byId[id] else { continue }
                let fields = stored.fields
                let consented = channel == .email ? fields.consent.email : fields.consent.sms
                guard consented, let address = channel == .email ? fields.email.map(EmailAddress.normalizedKey) : fields.phone,
                      let contact = tables.view(id, now: filter.now), filter.matches(contact),
                      seen.insert(address).inserted else { continue }
                audience.append(id)
            }
            return audience
        }
    }
}

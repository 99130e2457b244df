import CRMModel
import CRMStore

/// The contacts held in memory with their indexes, their interactions and the facts derived from
/// them; changed only through `upsert`, `record` and `remove`, which `ContactsState.apply` calls in
/// log order.
struct ContactTables {
    /// Contacts as stored, each with the facts from its interactions (`activity`, which updates
    /// keep; the lead score is worked out in `view`), in chunked slots (see `SlotMap`).
    var byId = SlotMap<ContactID, Contact>()
    /// Facts from the interactions of contacts not in `byId` (yet): after a compaction a contact
    /// updated later than its interactions is replayed after them. Its first put takes them over.
    var pendingActivity: [ContactID: ContactActivity] = [:]
    var interactions = InteractionTables()
    /// Every purchase in the form analytics reads.
    var purchases = PurchaseLedger()
    /// Lower-cased email → contact (unique).
    var byEmail: [String: ContactID] = [:]
    var byExternalId: [String: ContactID] = [:]
    /// Every id in creation order (ULIDs sort by time), for stable cursor paging.
    var creationOrder: [ContactID] = []
    /// Tag → contacts, stage → contacts, search key → contacts: id-ordered arrays (`OrderedIndex`),
    /// appended to as contacts are created (ids grow with time), so they need no sorting when read
    /// and cost 16 bytes an entry where a `Set` cost ~40 and a rehash on growth.
    var byTag: [String: OrderedIndex<ContactID>] = [:]
    var byStage: [ContactFields.LifecycleStage: OrderedIndex<ContactID>] = [:]
    /// Search word key (first three characters) → contacts with such a word. A contact's words are
    /// worked out from its fields again when needed rather than kept (they would cost ~300 bytes each).
    var bySearchKey: [String: OrderedIndex<ContactID>] = [:]
    /// How many contacts were erased (their records on disk are tombstones without personal data).
    var erasedCount = 0
    /// Lead-score points from campaign engagement, per contact (set by the campaigns state).
    var campaignEngagement: [ContactID: Int] = [:]

    /// Stores the contact and moves it in the indexes whose keys changed (only those: an update that
    /// leaves tags, stage and searchable words alone touches none of them).
    mutating func upsert(_ contact: Contact) {
        let old = byId[contact.id]
        if old == nil {
            insertInOrder(contact.id)
            purchases.setListed(contact.id, true)
        }
        var contact = contact
        contact.stagesReached = contact.allStagesReached | (old?.stagesReached ?? 0)
        contact.activity = old?.activity ?? pendingActivity.removeValue(forKey: contact.id) ?? ContactActivity()
        byId[contact.id] = contact
        let id = contact.id
        let before = old?.fields
        let after = contact.fields
        let oldEmail = before?.email.map(EmailAddress.normalizedKey)
        let newEmail = after.email.map(EmailAddress.normalizedKey)
        if oldEmail != newEmail, let oldEmail, byEmail[oldEmail] == id { byEmail[oldEmail] = nil }
        if let newEmail { byEmail[newEmail] = id }
        if before?.externalId != after.externalId, let oldExternal = before?.externalId, byExternalId[oldExternal] == id {
            byExternalId[oldExternal] = nil
        }
        if let external = after.externalId { byExternalId[external] = id }
        Self.move(id, from: Set(before?.tags ?? []), to: Set(after.tags), in: &byTag)
        Self.move(id, from: before.map { [$0.lifecycleStage] } ?? [], to: [after.lifecycleStage], in: &byStage)
        let oldKeys = before.map { Set(ContactSearchTokens.tokens(of: $0).map(ContactSearchTokens.key)) } ?? []
        let newKeys = Set(ContactSearchTokens.tokens(of: after).map(ContactSearchTokens.key))
        Self.move(id, from: oldKeys, to: newKeys, in: &bySearchKey)
    }

    /// Removes `id` under the keys only in `old`, adds it under the keys only in `new`.
    private static func move<Key: Hashable>(_ id: ContactID, from old: Set<Key>, to new: Set<Key>,
                                            in index: inout [Key: OrderedIndex<ContactID>]) {
        for key in old.subtracting(new) {
            index[key]?.remove(id)
            if index[key]?.count == 0 { index[key] = nil }
        }
        for key in new.subtracting(old) { index[key, default: OrderedIndex()].insert(id) }
    }

    /// Adds an interaction and its facts. Its contact may not exist yet: after a compaction, a
    /// contact updated later than its interactions is replayed after them (the snapshot keeps only
    /// each entity's last record, in log order). Readers show interactions of existing contacts only.
    mutating func record(_ interaction: Interaction) {
        guard interactions.byId[interaction.id] == nil else { return }
        interactions.insert(interaction.id, InteractionSummary(interaction))
        changeActivity(of: interaction.contactId) { $0.record(interaction) }
        purchases.add(interaction, contactIsListed: byId.contains(interaction.contactId))
    }

    /// Removes one interaction and recounts its contact's facts from the ones left (their times in
    /// `interactions`, their purchases in `purchases`).
    mutating func forget(_ id: InteractionID) {
        guard let removed = interactions.remove(id) else { return }
        if removed.kind == .purchase { purchases.remove(id, of: removed.contactId) }
        var facts = ContactActivity()
        for key in interactions.byContact[removed.contactId] ?? [] {
            facts.recordInteraction(at: Timestamp(millisecondsSinceEpoch: key.occurredAt))
        }
        for purchase in purchases.byCustomer[removed.contactId] ?? [] {
            facts.recordPurchase(amount: purchase.amount, currency: purchase.currency,
                                 at: Timestamp(millisecondsSinceEpoch: purchase.at))
        }
        changeActivity(of: removed.contactId) { $0 = facts }
    }

    /// Changes the facts of `id`'s interactions, on the contact or pending for it.
    private mutating func changeActivity(of id: ContactID, _ change: (inout ContactActivity) -> Void) {
        guard !byId.modifyValue(forKey: id, { change(&$0.activity) }) else { return }
        var facts = pendingActivity.removeValue(forKey: id) ?? ContactActivity()
        change(&facts)
        if facts.interactionCount > 0 { pendingActivity[id] = facts }
    }

    /// The contact as the API shows it: stored fields, derived facts, and the lead score at `now`.
    func view(_ id: ContactID, now: Timestamp) -> Contact? {
        guard var contact = byId[id] else { return nil }
        contact.campaignEngagement = campaignEngagement[id] ?? 0
        contact.score(at: now)
        return contact
    }

    /// Removes the contact, its facts and (hidden from then on) its interactions.
    mutating func remove(_ id: ContactID) {
        guard let old = byId.removeValue(forKey: id) else { return }
        unindex(old)
        purchases.removeAll(of: id)
        purchases.setListed(id, false)
        interactions.removeAll(of: id)
        if let position = position(of: id), position < creationOrder.count, creationOrder[position] == id {
            creationOrder.remove(at: position)
        }
    }

    private mutating func unindex(_ contact: Contact) {
        if let email = contact.fields.email, byEmail[EmailAddress.normalizedKey(email)] == contact.id {
            byEmail[EmailAddress.normalizedKey(email)] = nil
        }
        if let external = contact.fields.externalId, byExternalId[external] == contact.id { byExternalId[external] = nil }
        Self.move(contact.id, from: Set(contact.fields.tags), to: [], in: &byTag)
        Self.move(contact.id, from: [contact.fields.lifecycleStage], to: [], in: &byStage)
        Self.move(contact.id, from: Set(ContactSearchTokens.tokens(of: contact.fields).map(ContactSearchTokens.key)), to: [], in: &bySearchKey)
    }

    /// New ids almost always sort last; a clock that stepped back still lands in order.
    private mutating func insertInOrder(_ id: ContactID) {
        if let last = creationOrder.last, id < last {
            creationOrder.insert(id, at: position(of: id) ?? creationOrder.count)
        } else {
            creationOrder.append(id)
        }
    }

    /// The first position whose id is ≥ `id` (binary search).
    func position(of id: ContactID) -> Int? { creationOrder.lowerBound(of: id) }
}

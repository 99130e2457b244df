import CRMModel
import CRMStore

/// The contacts held in memory with their indexes, their interactions and the facts derived from
/// them; changed only through `upsert`, `record` and `remove`, which `ContactsState.apply` calls in
/// log order.
struct ContactTables {
    /// Contacts as stored (no derived facts: see `view`), in chunked slots (see `SlotMap`).
    var byId = SlotMap<ContactID, Contact>()
    /// Facts from each contact's interactions, kept beside the stored contact so updates keep them.
    var activity: [ContactID: ContactActivity] = [:]
    var interactions = InteractionTables()
    /// Lower-cased email → contact (unique).
    var byEmail: [String: ContactID] = [:]
    var byExternalId: [String: ContactID] = [:]
    /// Every id in creation order (ULIDs sort by time), for stable cursor paging.
    var creationOrder: [ContactID] = []
    var byTag: [String: Set<ContactID>] = [:]
    var byStage: [ContactFields.LifecycleStage: Set<ContactID>] = [:]
    /// Search word key (first three characters) → contacts with such a word. A contact's words are
    /// worked out from its fields again when needed rather than kept (they would cost ~300 bytes each).
    var bySearchKey: [String: Set<ContactID>] = [:]
    /// How many contacts were erased (their records on disk are tombstones without personal data).
    var erasedCount = 0

    mutating func upsert(_ contact: Contact) {
        if let old = byId[contact.id] { unindex(old) } else { insertInOrder(contact.id) }
        byId[contact.id] = contact
        if let email = contact.fields.email { byEmail[EmailAddress.normalizedKey(email)] = contact.id }
        if let external = contact.fields.externalId { byExternalId[external] = contact.id }
        for tag in contact.fields.tags { byTag[tag, default: []].insert(contact.id) }
        byStage[contact.fields.lifecycleStage, default: []].insert(contact.id)
        for word in ContactSearchTokens.tokens(of: contact.fields) { bySearchKey[ContactSearchTokens.key(word), default: []].insert(contact.id) }
    }

    /// Adds an interaction and its facts. Its contact may not exist yet: after a compaction, a
    /// contact updated later than its interactions is replayed after them (the snapshot keeps only
    /// each entity's last record, in log order). Readers show interactions of existing contacts only.
    mutating func record(_ interaction: Interaction) {
        guard interactions.byId[interaction.id] == nil else { return }
        interactions.insert(interaction)
        activity[interaction.contactId, default: ContactActivity()].record(interaction)
    }

    /// Removes one interaction and recounts its contact's facts from the ones left.
    mutating func forget(_ id: InteractionID) {
        guard let removed = interactions.remove(id) else { return }
        var facts = ContactActivity()
        for key in interactions.byContact[removed.contactId] ?? [] {
            if let interaction = interactions.byId[key.id] { facts.record(interaction) }
        }
        activity[removed.contactId] = facts.interactionCount == 0 ? nil : facts
    }

    /// The contact as the API shows it: stored fields, derived facts, and the lead score at `now`.
    func view(_ id: ContactID, now: Timestamp) -> Contact? {
        guard var contact = byId[id] else { return nil }
        if let facts = activity[id] { contact.activity = facts }
        contact.score(at: now)
        return contact
    }

    /// Removes the contact, its facts and (hidden from then on) its interactions.
    mutating func remove(_ id: ContactID) {
        guard let old = byId.removeValue(forKey: id) else { return }
        unindex(old)
        activity[id] = nil
        interactions.removeAll(of: id)
        if let position = position(of: id), position < creationOrder.count, creationOrder[position] == id {
            creationOrder.remove(at: position)
        }
    }

    private mutating func unindex(_ contact: Contact) {
        if let email = contact.fields.email { byEmail[EmailAddress.normalizedKey(email)] = nil }
        if let external = contact.fields.externalId { byExternalId[external] = nil }
        for tag in contact.fields.tags { byTag[tag]?.remove(contact.id) }
        byStage[contact.fields.lifecycleStage]?.remove(contact.id)
        for word in ContactSearchTokens.tokens(of: contact.fields) {
            bySearchKey[ContactSearchTokens.key(word)]?.remove(contact.id)
        }
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
    func position(of id: ContactID) -> Int? {
        var low = 0
        var high = creationOrder.count
        while low < high {
            let middle = (low + high) / 2
            if creationOrder[middle] < id { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

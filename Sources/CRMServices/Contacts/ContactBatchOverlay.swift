import CRMModel
import CRMRouter

/// The contacts as a batch sees them while it runs on the writer: the state, plus what earlier items
/// of the same batch created or changed (their records are appended but not applied yet). Unique
/// keys are looked up through both, so a key freed or taken by an earlier item counts.
struct ContactBatchOverlay {
    let state: ContactsState
    private(set) var changed: [ContactID: Contact] = [:]
    private var emailOwners: [String: ContactID] = [:]
    private var externalOwners: [String: ContactID] = [:]

    init(state: ContactsState) {
        self.state = state
    }

    /// The latest stored form of `id` (without derived facts).
    func contact(_ id: ContactID) -> Contact? {
        changed[id] ?? state.read { $0.byId[id] }
    }

    func owner(email: String) -> ContactID? {
        let key = EmailAddress.normalizedKey(email)
        if let id = emailOwners[key], holds(id, email: key) { return id }
        guard let id = state.read({ $0.byEmail[key] }) else { return nil }
        return holds(id, email: key) ? id : nil
    }

    func owner(externalId: String) -> ContactID? {
        if let id = externalOwners[externalId], holds(id, externalId: externalId) { return id }
        guard let id = state.read({ $0.byExternalId[externalId] }) else { return nil }
        return holds(id, externalId: externalId) ? id : nil
    }

    /// Whether `id` still has the email: true unless an earlier item of the batch changed it away.
    private func holds(_ id: ContactID, email key: String) -> Bool {
        guard let contact = changed[id] else { return true }
        return contact.fields.email.map(EmailAddress.normalizedKey) == key
    }

    private func holds(_ id: ContactID, externalId: String) -> Bool {
        guard let contact = changed[id] else { return true }
        return contact.fields.externalId == externalId
    }

    mutating func put(_ contact: Contact) {
        changed[contact.id] = contact
        if let email = contact.fields.email { emailOwners[EmailAddress.normalizedKey(email)] = contact.id }
        if let external = contact.fields.externalId { externalOwners[external] = contact.id }
    }

    /// 409 (as an item error) when another contact holds the email or the externalId of `fields`.
    func conflict(_ fields: ContactFields, for id: ContactID?) -> Problem? {
        if let email = fields.email, let owner = owner(email: email), owner != id { return Self.conflict("email", owner) }
        if let external = fields.externalId, let owner = owner(externalId: external), owner != id {
            return Self.conflict("externalId", owner)
        }
        return nil
    }

    private static func conflict(_ field: String, _ owner: ContactID) -> Problem {
        Problem(status: .conflict, type: ProblemType.conflict, detail: "Contact \(owner) already has this \(field).",
                errors: [FieldError(field: field, code: "not_unique", message: "is already used by contact \(owner)")])
    }
}

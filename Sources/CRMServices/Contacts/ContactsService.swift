import CRMHTTP
import CRMModel
import CRMRouter
import CRMStore

/// The business rules of contacts (SPEC §3): validation, case-insensitive unique email and unique
/// externalId checked on the store's writer in log order, versions with `If-Match`, merge-patch
/// updates. Never sees HTTP beyond the `Problem`s it throws.
public final class ContactsService: Sendable {
    /// Records elsewhere that hold copies of a person's data (webhook payloads, …): given the entity
    /// ids being erased, the (type, id) of each record to erase with them.
    public typealias ErasureParticipant = @Sendable (_ entityIds: [String]) -> [(type: String, id: String)]

    let store: Store
    let state: ContactsState
    let erasureParticipants: [ErasureParticipant]
    /// Other services' records that belong to contacts (tickets, deals, deliveries).
    let links: [any ContactLinkedRecords]

    public init(store: Store, state: ContactsState, erasureParticipants: [ErasureParticipant] = [],
                links: [any ContactLinkedRecords] = []) {
        self.store = store
        self.state = state
        self.erasureParticipants = erasureParticipants
        self.links = links
    }

    /// Reads interactions in full from the store (the state keeps only their summaries).
    var interactionReader: InteractionReader { InteractionReader(store: store) }

    public func create(_ body: JSONObject, actor: String, requestId: String) async throws -> Contact {
        let fields = try ContactFields.read(from: body)
        let id = ContactID.make()
        return try await store.commit(actor: actor, requestId: requestId) { [state] context in
            try state.checkUnique(fields, for: id)
            let now = Timestamp(millisecondsSinceEpoch: context.timestamp)
            var contact = Contact(id: id, fields: fields, createdAt: now, updatedAt: now)
            contact.score(at: now)
            context.append(type: ContactsState.recordType, id: id.description, op: .put, data: contact.storedBytes)
            return contact
        }
    }

    /// The contact with its RFM scores, as `GET /v1/contacts/{id}` shows it.
    func contactWithScores(_ idText: String) throws -> Contact {
        guard let id = ContactID(idText), let contact = state.contactWithScores(id) else {
            throw Problem.notFound("No contact with id '\(idText)'.")
        }
        return contact
    }

    public func contact(_ idText: String) throws -> Contact {
        guard let id = ContactID(idText), let contact = state.contact(id) else {
            throw Problem.notFound("No contact with id '\(idText)'.")
        }
        return contact
    }

    /// Applies a JSON merge patch (RFC 7396) to the writable fields and validates the result as a whole.
    /// A patch that changes nothing creates no new version.
    public func update(_ idText: String, patch: JSONObject, ifMatch: Int?, actor: String, requestId: String) async throws -> Contact {
        try MergePatch.rejectReadOnly(ContactFields.readOnlyKeys, in: patch)
        guard let id = ContactID(idText) else { throw Problem.notFound("No contact with id '\(idText)'.") }
        return try await store.commit(actor: actor, requestId: requestId) { [state] context in
            guard let current = state.contact(id) else { throw Problem.notFound("No contact with id '\(idText)'.") }
            try Preconditions.check(ifMatch: ifMatch, version: current.version)
            let merged = MergePatch.apply(patch: patch, to: current.fields.jsonObject)
            let fields = try ContactFields.read(from: merged)
            guard fields != current.fields else { return current }
            try state.checkUnique(fields, for: id)
            var updated = current
            updated.fields = fields
            updated.updatedAt = Timestamp(millisecondsSinceEpoch: context.timestamp)
            updated.version += 1
            updated.score(at: updated.updatedAt)
            context.append(type: ContactsState.recordType, id: id.description, op: .put, data: updated.storedBytes)
            return updated
        }
    }

    public func delete(_ idText: String, ifMatch: Int?, actor: String, requestId: String) async throws {
        guard let id = ContactID(idText) else { throw Problem.notFound("No contact with id '\(idText)'.") }
        try await store.commit(actor: actor, requestId: requestId) { [state] context in
            guard let current = state.contact(id) else { throw Problem.notFound("No contact with id '\(idText)'.") }
            try Preconditions.check(ifMatch: ifMatch, version: current.version)
            // Its interactions go with it, so compaction can drop them from disk like the contact.
            for interaction in state.interactionIds(of: id) {
                context.append(type: ContactsState.interactionRecordType, id: interaction.description, op: .delete, data: [])
            }
            context.append(type: ContactsState.recordType, id: id.description, op: .delete, data: [])
        }
    }

    func list(_ query: ContactListQuery) -> Page<Contact> {
        state.page(query)
    }
}

extension ContactsState {
    /// 409 when another contact holds the email (case-insensitively) or the externalId; `ignoring`
    /// is a contact that goes away in the same commit (a merged duplicate).
    func checkUnique(_ fields: ContactFields, for id: ContactID, ignoring: ContactID? = nil) throws(Problem) {
        let conflict: (String, ContactID)? = read { tables in
            if let email = fields.email, let owner = tables.byEmail[EmailAddress.normalizedKey(email)], owner != id, owner != ignoring {
                return ("email", owner)
            }
            if let external = fields.externalId, let owner = tables.byExternalId[external], owner != id, owner != ignoring {
                return ("externalId", owner)
            }
            return nil
        }
        if let (field, owner) = conflict {
            throw Problem(status: .conflict, type: ProblemType.conflict, detail: "Contact \(owner) already has this \(field).",
                          errors: [FieldError(field: field, code: "not_unique", message: "is already used by contact \(owner)")])
        }
    }
}

/// `If-Match` against the stored version: 412 on mismatch.
enum Preconditions {
    static func check(ifMatch: Int?, version: Int) throws(Problem) {
        if let ifMatch, ifMatch != version {
            throw Problem(status: .preconditionFailed, type: "urn:crm:problem:precondition-failed",
                          detail: "The resource is at version \(version), not \(ifMatch); fetch it again and retry.")
        }
    }
}

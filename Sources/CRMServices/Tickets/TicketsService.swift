import CRMModel
import CRMRouter
import CRMStore

/// The business rules of tickets (SPEC §3 "Tickets"): validation, the status workflow, sequential
/// numbers, SLA dues, routing of new unassigned tickets, versions with `If-Match`. Every check that
/// depends on state (the contact and agent exist, the number, the workflow) runs inside the commit,
/// on the store's writer in log order. Never sees HTTP beyond the `Problem`s it throws.
public final class TicketsService: Sendable {
    let store: Store
    let state: TicketsState
    let contacts: ContactsState

    public init(store: Store, state: TicketsState, contacts: ContactsState) {
        self.store = store
        self.state = state
        self.contacts = contacts
    }

    public func create(_ body: JSONObject, actor: String, requestId: String) async throws -> Ticket {
        let fields = try TicketFields.read(from: body)
        guard TicketWorkflow.creationStatuses.contains(fields.status) else {
            throw FieldErrors([.invalidValue("status", "a new ticket must be new, open, pending or on_hold")])
        }
        let id = TicketID.make()
        return try await store.commit(actor: actor, requestId: requestId) { [state, contacts] context in
            try Self.checkReferences(fields, contacts: contacts, state: state)
            let now = Timestamp(millisecondsSinceEpoch: context.timestamp)
            let number = state.lastNumber + 1
            var ticket = Ticket.make(id: id, number: number, fields: fields, policy: state.slaPolicy, now: now)
            if ticket.fields.assigneeId == nil { ticket.fields.assigneeId = state.routedAgent(forTags: fields.tags) }
            Self.appendCounter(number, to: &context)
            context.append(type: TicketsState.ticketType, id: id.description, op: .put, data: ticket.jsonBytes)
            if let agent = ticket.fields.assigneeId { state.appendAssignment(of: agent, now: now, to: &context) }
            return ticket
        }
    }

    public func ticket(_ idText: String) throws -> Ticket {
        guard let id = TicketID(idText), let ticket = state.ticket(id) else { throw Self.noTicket(idText) }
        return ticket
    }

    /// Applies a JSON merge patch (RFC 7396) to the writable fields, validates the result as a whole
    /// and checks the status workflow. A patch that changes nothing creates no new version.
    public func update(_ idText: String, patch: JSONObject, ifMatch: Int?, actor: String, requestId: String) async throws -> Ticket {
        try MergePatch.rejectReadOnly(TicketFields.readOnlyKeys, in: patch)
        guard let id = TicketID(idText) else { throw Self.noTicket(idText) }
        return try await store.commit(actor: actor, requestId: requestId) { [state, contacts] context in
            guard let current = state.ticket(id) else { throw Self.noTicket(idText) }
            try Preconditions.check(ifMatch: ifMatch, version: current.version)
            let merged = MergePatch.apply(patch: patch, to: current.fields.jsonObject)
            let fields = try TicketFields.read(from: merged)
            let now = Timestamp(millisecondsSinceEpoch: context.timestamp)
            let updated: Ticket
            do throws(FieldErrors) {
                updated = try current.updated(to: fields, policy: state.slaPolicy, now: now)
            } catch {
                throw Problem.validation(error.errors, detail: "Ticket \(current.number): " + error.errors.map(\.message).joined(separator: "; ") + ".")
            }
            guard updated != current else { return current }
            try Self.checkReferences(fields, contacts: contacts, state: state, unchangedFrom: current.fields)
            context.append(type: TicketsState.ticketType, id: id.description, op: .put, data: updated.jsonBytes)
            if let agent = fields.assigneeId, agent != current.fields.assigneeId {
                state.appendAssignment(of: agent, now: now, to: &context)
            }
            return updated
        }
    }

    /// Deletes the ticket and its comments (one commit). Its number is never issued again.
    public func delete(_ idText: String, ifMatch: Int?, actor: String, requestId: String) async throws {
        guard let id = TicketID(idText) else { throw Self.noTicket(idText) }
        try await store.commit(actor: actor, requestId: requestId) { [state] context in
            guard let current = state.ticket(id) else { throw Self.noTicket(idText) }
            try Preconditions.check(ifMatch: ifMatch, version: current.version)
            for comment in state.comments(of: id) {
                context.append(type: TicketsState.commentType, id: comment.id.description, op: .delete, data: [])
            }
            context.append(type: TicketsState.ticketType, id: id.description, op: .delete, data: [])
        }
    }

    func list(_ query: TicketListQuery) -> Page<Ticket> {
        state.page(query)
    }

    /// Every version of one ticket still in the log, newest first (404 for an unknown id; a deleted
    /// ticket keeps its history, ending in the delete).
    func history(_ idText: String, query: QueryParameters) throws -> Page<HistoryEntry> {
        guard let id = TicketID(idText), let page = try EntityHistory.page(of: id.description, store: store, query: query) else {
            throw Problem.notFound("No history for ticket '\(idText)'.")
        }
        return page
    }

    /// 422 when `contactId` names no contact or `assigneeId` no agent. With `unchangedFrom`, only
    /// references that changed are checked (a ticket keeps a contact deleted after it was made).
    static func checkReferences(_ fields: TicketFields, contacts: ContactsState, state: TicketsState,
                                unchangedFrom old: TicketFields? = nil) throws(FieldErrors) {
        var errors: [FieldError] = []
        if fields.contactId != old?.contactId, !contacts.contains(fields.contactId) {
            errors.append(FieldError(field: "contactId", code: "not_found", message: "names no contact (\(fields.contactId))"))
        }
        if let agent = fields.assigneeId, agent != old?.assigneeId, state.agent(agent) == nil {
            errors.append(FieldError(field: "assigneeId", code: "not_found", message: "names no agent (\(agent))"))
        }
        if !errors.isEmpty { throw FieldErrors(errors) }
    }

    private static func appendCounter(_ number: Int, to context: inout CommitContext) {
        var writer = JSONWriter(reservingCapacity: 24)
        writer.beginObject()
        writer.field("lastNumber", number)
        writer.endObject()
        context.append(type: TicketsState.counterType, id: TicketsState.counterId, op: .put, data: writer.bytes)
    }

    static func noTicket(_ idText: String) -> Problem {
        Problem.notFound("No ticket with id '\(idText)'.")
    }
}

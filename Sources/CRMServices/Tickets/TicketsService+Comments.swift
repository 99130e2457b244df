import CRMModel
import CRMRouter
import CRMStore

/// Comments and satisfaction ratings: what they check and what they do to their ticket.
extension TicketsService {
    /// Posts a comment (SPEC §3): an agent author must exist; a customer author defaults to the
    /// ticket's contact and must be a contact that exists. A closed ticket takes no comments (422).
    /// The first public agent comment sets `firstResponseAt`; a customer comment on a pending
    /// ticket reopens it — both in the comment's commit, as a new ticket version.
    public func comment(on ticketText: String, body: JSONObject, actor: String, requestId: String) async throws -> TicketComment {
        guard let ticketId = TicketID(ticketText) else { throw Self.noTicket(ticketText) }
        let body = try TicketComment.Fields.read(from: body)
        let id = TicketCommentID.make()
        return try await store.commit(actor: actor, requestId: requestId) { [state, contacts] context in
            guard let ticket = state.ticket(ticketId) else { throw Self.noTicket(ticketText) }
            if ticket.fields.status == .closed {
                throw Problem.validation([FieldError(field: "ticketId", code: "invalid_state", message: "the ticket is closed (final); it takes no comments")],
                                         detail: "Ticket \(ticket.number) is closed; open a new ticket instead.")
            }
            let fields = try Self.withCheckedAuthor(body, of: ticket, contacts: contacts, state: state)
            let now = Timestamp(millisecondsSinceEpoch: context.timestamp)
            let comment = TicketComment(id: id, ticketId: ticketId, fields: fields, createdAt: now)
            context.append(type: TicketsState.commentType, id: id.description, op: .put, data: comment.jsonBytes)
            if let changed = ticket.commented(fields, now: now) {
                context.append(type: TicketsState.ticketType, id: ticketId.description, op: .put, data: changed.jsonBytes)
            }
            return comment
        }
    }

    /// The comment with its author checked, a customer's defaulted to the ticket's contact.
    private static func withCheckedAuthor(_ fields: TicketComment.Fields, of ticket: Ticket, contacts: ContactsState,
                                          state: TicketsState) throws(FieldErrors) -> TicketComment.Fields {
        var fields = fields
        switch fields.authorType {
        case .agent:
            guard let text = fields.authorId, let agent = AgentID(text), state.agent(agent) != nil else {
                throw FieldErrors([FieldError(field: "authorId", code: "not_found", message: "names no agent (\(fields.authorId ?? ""))")])
            }
        case .customer:
            guard let text = fields.authorId else {
                fields.authorId = ticket.fields.contactId.description
                return fields
            }
            guard let contact = ContactID(text), contacts.contains(contact) else {
                throw FieldErrors([FieldError(field: "authorId", code: "not_found", message: "names no contact (\(text))")])
            }
        }
        return fields
    }

    /// One comment of one ticket; 404 when either does not exist or they do not belong together.
    func comment(_ idText: String, on ticketText: String) throws -> TicketComment {
        guard let id = TicketCommentID(idText), let comment = state.comment(id), comment.ticketId.description == ticketText else {
            throw Problem.notFound("No comment with id '\(idText)' on ticket '\(ticketText)'.")
        }
        return comment
    }

    /// The ticket's comments, oldest first; 404 when the ticket does not exist.
    func comments(of ticketText: String, paging: PageParameters) throws -> Page<TicketComment> {
        guard let id = TicketID(ticketText), let page = state.commentPage(of: id, after: paging.cursor, limit: paging.limit) else {
            throw Self.noTicket(ticketText)
        }
        return page
    }

    /// Records the customer's rating (CSAT): only on a solved or closed ticket (422 otherwise); a
    /// new rating replaces the earlier one. The one change a closed ticket accepts.
    public func rate(_ ticketText: String, body: JSONObject, actor: String, requestId: String) async throws -> Ticket {
        guard let id = TicketID(ticketText) else { throw Self.noTicket(ticketText) }
        let rating = try TicketSatisfaction.read(from: body, ratedAt: Timestamp(millisecondsSinceEpoch: 0))
        return try await store.commit(actor: actor, requestId: requestId) { [state] context in
            guard var ticket = state.ticket(id) else { throw Self.noTicket(ticketText) }
            guard !ticket.fields.status.isUnresolved else {
                throw Problem.validation([FieldError(field: "status", code: "invalid_state",
                                                     message: "a ticket can be rated once solved or closed; it is \(ticket.fields.status.rawValue)")],
                                         detail: "Ticket \(ticket.number) is \(ticket.fields.status.rawValue), not solved or closed.")
            }
            let now = Timestamp(millisecondsSinceEpoch: context.timestamp)
            ticket.satisfaction = TicketSatisfaction(score: rating.score, comment: rating.comment, ratedAt: now)
            ticket.touch(now)
            context.append(type: TicketsState.ticketType, id: id.description, op: .put, data: ticket.jsonBytes)
            return ticket
        }
    }
}

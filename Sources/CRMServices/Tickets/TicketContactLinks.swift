import CRMModel
import CRMStore

/// Tickets and their comments as records that belong to a contact (`ContactLinkedRecords`): they
/// follow a merge to the kept contact, are anonymised when the person is erased (subject,
/// description, comment bodies and the rating's comment become "[erased]"; an `erase` then a `put`,
/// so compaction keeps nothing from before), join the contact's timeline (`ticket` at creation,
/// `ticket_comment` at each comment) and its privacy export (`tickets`, each with its comments;
/// absent when the person has none).
/// Deleting a contact leaves its tickets in place (they still name the contact's id).
public struct TicketContactLinks: ContactLinkedRecords {
    static let erasedText = "[erased]"
    let state: TicketsState

    public init(state: TicketsState) {
        self.state = state
    }

    public func moveLinked(from duplicate: ContactID, to kept: ContactID, in context: inout CommitContext) {
        let now = Timestamp(millisecondsSinceEpoch: context.timestamp)
        let (tickets, comments) = state.read { tables in
            (tables.tickets(of: duplicate), tables.comments.values.filter { $0.fields.authorId == duplicate.description })
        }
        for var ticket in tickets {
            ticket.fields.contactId = kept
            ticket.touch(now)
            context.append(type: TicketsState.ticketType, id: ticket.id.description, op: .put, data: ticket.jsonBytes)
        }
        for var comment in comments {
            comment.fields.authorId = kept.description
            comment.updatedAt = max(comment.updatedAt, now)
            comment.version += 1
            context.append(type: TicketsState.commentType, id: comment.id.description, op: .put, data: comment.jsonBytes)
        }
    }

    public func eraseLinked(of contact: ContactID, in context: inout CommitContext) -> [String] {
        let now = Timestamp(millisecondsSinceEpoch: context.timestamp)
        let (tickets, comments) = state.read { tables in
            let tickets = tables.tickets(of: contact)
            let ids = Set(tickets.map(\.id))
            let comments = tables.comments.values.filter { ids.contains($0.ticketId) || $0.fields.authorId == contact.description }
            return (tickets, comments.sorted { $0.id < $1.id })
        }
        for var ticket in tickets {
            ticket.fields.subject = Self.erasedText
            if ticket.fields.description != nil { ticket.fields.description = Self.erasedText }
            if ticket.satisfaction?.comment != nil { ticket.satisfaction?.comment = Self.erasedText }
            ticket.touch(now)
            context.append(type: TicketsState.ticketType, id: ticket.id.description, op: .erase, data: [])
            context.append(type: TicketsState.ticketType, id: ticket.id.description, op: .put, data: ticket.jsonBytes)
        }
        for var comment in comments {
            comment.fields.body = Self.erasedText
            comment.updatedAt = max(comment.updatedAt, now)
            comment.version += 1
            context.append(type: TicketsState.commentType, id: comment.id.description, op: .erase, data: [])
            context.append(type: TicketsState.commentType, id: comment.id.description, op: .put, data: comment.jsonBytes)
        }
        return tickets.map(\.id.description) + comments.map(\.id.description)
    }

    public func timelineEntries(of contact: ContactID) -> [TimelineEntry] {
        let (tickets, comments) = state.read { tables in
            let tickets = tables.tickets(of: contact)
            return (tickets, tickets.flatMap { tables.comments(of: $0.id) })
        }
        return tickets.map { ticket in
            TimelineEntry(kind: "ticket", at: ticket.createdAt, id: ticket.id.description) { ticket.write(to: &$0) }
        } + comments.map { comment in
            TimelineEntry(kind: "ticket_comment", at: comment.createdAt, id: comment.id.description) { comment.write(to: &$0) }
        }
    }

    public func exportSections(of contact: ContactID) -> [ExportSection] {
        let tickets = state.read { tables in tables.tickets(of: contact).map { ($0, tables.comments(of: $0.id)) } }
        let items: [@Sendable (inout JSONWriter) -> Void] = tickets.map { ticket, comments in
            { writer in writer.ticket(ticket, comments: comments) }
        }
        return items.isEmpty ? [] : [ExportSection(name: "tickets", items: items)]
    }
}

extension JSONWriter {
    /// A ticket with a `comments` member (the privacy export's shape).
    mutating func ticket(_ ticket: Ticket, comments: [TicketComment]) {
        beginObject()
        ticket.writeMembers(to: &self)
        field("comments", comments) { writer, comment in comment.write(to: &writer) }
        endObject()
    }
}

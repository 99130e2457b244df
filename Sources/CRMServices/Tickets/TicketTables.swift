import CRMModel
import CRMStore

/// The tickets, their comments, the agents and the SLA policy held in memory with their indexes;
/// changed only by `TicketsState.apply`, in log order.
struct TicketTables {
    var tickets: [TicketID: Ticket] = [:]
    /// Every ticket id in creation order (ULIDs sort by time), for stable cursor paging.
    var creationOrder = OrderedIndex<TicketID>()
    var byContact: [ContactID: OrderedIndex<TicketID>] = [:]
    var comments: [TicketCommentID: TicketComment] = [:]
    /// Each ticket's comments, oldest first.
    var commentsByTicket: [TicketID: OrderedIndex<TicketCommentID>] = [:]
    var agents: [AgentID: Agent] = [:]
    var agentOrder = OrderedIndex<AgentID>()
    /// Lower-cased email → agent (unique).
    var agentsByEmail: [String: AgentID] = [:]
    /// Unresolved (not solved or closed) tickets per assignee, for routing and `openTicketCount`.
    var openCountByAgent: [AgentID: Int] = [:]
    /// The highest ticket number ever issued: the stored counter or a ticket's number, whichever is
    /// higher (the counter record outlives a deleted ticket through compaction).
    var lastNumber = TicketTables.firstNumber - 1
    var policy = SLAPolicy.defaults
    /// Counts for the dashboard, kept as tickets change (a scan of every ticket would be too slow).
    var summary = TicketSummary()

    static let firstNumber = 1001

    mutating func upsert(_ ticket: Ticket) {
        let old = tickets.updateValue(ticket, forKey: ticket.id)
        if let old { countOpen(old, by: -1); summary.count(old, by: -1) } else { creationOrder.insert(ticket.id) }
        if old?.fields.contactId != ticket.fields.contactId {
            if let old { unlink(ticket.id, from: old.fields.contactId) }
            byContact[ticket.fields.contactId, default: OrderedIndex()].insert(ticket.id)
        }
        countOpen(ticket, by: 1)
        summary.count(ticket, by: 1)
        lastNumber = max(lastNumber, ticket.number)
    }

    /// Removes the ticket (its comments go by their own records).
    mutating func removeTicket(_ id: TicketID) {
        guard let old = tickets.removeValue(forKey: id) else { return }
        countOpen(old, by: -1)
        summary.count(old, by: -1)
        creationOrder.remove(id)
        unlink(id, from: old.fields.contactId)
    }

    mutating func upsert(_ comment: TicketComment) {
        if comments.updateValue(comment, forKey: comment.id) == nil {
            commentsByTicket[comment.ticketId, default: OrderedIndex()].insert(comment.id)
        }
    }

    mutating func removeComment(_ id: TicketCommentID) {
        guard let old = comments.removeValue(forKey: id) else { return }
        commentsByTicket[old.ticketId]?.remove(id)
        if commentsByTicket[old.ticketId]?.count == 0 { commentsByTicket[old.ticketId] = nil }
    }

    mutating func upsert(_ agent: Agent) {
        if let old = agents.updateValue(agent, forKey: agent.id) {
            let oldKey = EmailAddress.normalizedKey(old.fields.email)
            if agentsByEmail[oldKey] == agent.id { agentsByEmail[oldKey] = nil }
        } else {
            agentOrder.insert(agent.id)
        }
        agentsByEmail[EmailAddress.normalizedKey(agent.fields.email)] = agent.id
    }

    mutating func removeAgent(_ id: AgentID) {
        guard let old = agents.removeValue(forKey: id) else { return }
        agentOrder.remove(id)
        let key = EmailAddress.normalizedKey(old.fields.email)
        if agentsByEmail[key] == id { agentsByEmail[key] = nil }
    }

    func openCount(of agent: AgentID) -> Int { openCountByAgent[agent] ?? 0 }

    /// The comments of a ticket, oldest first.
    func comments(of ticket: TicketID) -> [TicketComment] {
        (commentsByTicket[ticket]?.elements() ?? []).compactMap { comments[$0] }
    }

    func tickets(of contact: ContactID) -> [Ticket] {
        (byContact[contact]?.elements() ?? []).compactMap { tickets[$0] }
    }

    private mutating func countOpen(_ ticket: Ticket, by delta: Int) {
        guard let agent = ticket.fields.assigneeId, ticket.fields.status.isUnresolved else { return }
        let count = openCount(of: agent) + delta
        openCountByAgent[agent] = count > 0 ? count : nil
    }

    private mutating func unlink(_ id: TicketID, from contact: ContactID) {
        byContact[contact]?.remove(id)
        if byContact[contact]?.count == 0 { byContact[contact] = nil }
    }
}

/// Tickets by status and priority, unresolved ones, and unresolved ones with a breached SLA.
public struct TicketSummary: Sendable {
    public private(set) var byStatus: [TicketStatus: Int] = [:]
    public private(set) var byPriority: [TicketPriority: Int] = [:]
    public private(set) var unresolved = 0
    public private(set) var unresolvedBreached = 0

    mutating func count(_ ticket: Ticket, by delta: Int) {
        byStatus[ticket.fields.status, default: 0] += delta
        byPriority[ticket.fields.priority, default: 0] += delta
        if ticket.fields.status.isUnresolved {
            unresolved += delta
            if ticket.sla.isBreached { unresolvedBreached += delta }
        }
    }
}

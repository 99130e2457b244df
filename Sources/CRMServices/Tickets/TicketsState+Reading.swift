import CRMModel

/// What other services read of tickets (analytics: first-response and resolution minutes, SLA
/// compliance, CSAT, backlog by assignee, channel and priority; dashboards: counts). Every ticket
/// record holds what those need: createdAt, firstResponseAt, solvedAt, closedAt, channel,
/// priority, status, assigneeId, the SLA dues and flags, and satisfaction.
extension TicketsState {
    /// Every ticket, oldest first (a copy: safe to hold while writes go on).
    public func allTickets() -> [Ticket] {
        tables.read { tables in tables.creationOrder.elements().compactMap { tables.tickets[$0] } }
    }

    /// Visits every ticket, oldest first, under the state's read lock (no copy of the whole set):
    /// `visit` must be quick and must not call back into the state.
    public func forEachTicket(_ visit: (Ticket) -> Void) {
        tables.read { tables in
            tables.creationOrder.forEach { id in
                if let ticket = tables.tickets[id] { visit(ticket) }
                return true
            }
        }
    }

    /// The dashboard's counts, kept as tickets change.
    public var summary: TicketSummary { tables.read { $0.summary } }

    /// Every agent, oldest first, with their unresolved ticket count.
    public func allAgents() -> [(agent: Agent, openTickets: Int)] {
        tables.read { tables in
            tables.agentOrder.elements().compactMap { id in tables.agents[id].map { ($0, tables.openCount(of: id)) } }
        }
    }

    /// A ticket's comments, oldest first.
    public func comments(ofTicket id: TicketID) -> [TicketComment] {
        comments(of: id)
    }

    /// Counts for a dashboard.
    public struct Counts: Sendable, Equatable {
        public var total = 0
        public var byStatus: [TicketStatus: Int] = [:]
        public var byPriority: [TicketPriority: Int] = [:]
        /// Unresolved tickets per priority (the backlog).
        public var unresolvedByPriority: [TicketPriority: Int] = [:]
        /// Unresolved tickets per channel and per assignee (the backlog's other groupings).
        public var unresolvedByChannel: [TicketChannel: Int] = [:]
        public var unresolvedByAssignee: [AgentID: Int] = [:]
        /// Unresolved tickets without an assignee.
        public var unassigned = 0
        /// Tickets with either SLA flag set.
        public var breached = 0
    }

    public func counts() -> Counts {
        tables.read { tables in
            var counts = Counts()
            for ticket in tables.tickets.values {
                counts.total += 1
                counts.byStatus[ticket.fields.status, default: 0] += 1
                counts.byPriority[ticket.fields.priority, default: 0] += 1
                if ticket.fields.status.isUnresolved {
                    counts.unresolvedByPriority[ticket.fields.priority, default: 0] += 1
                    counts.unresolvedByChannel[ticket.fields.channel, default: 0] += 1
                    if let agent = ticket.fields.assigneeId {
                        counts.unresolvedByAssignee[agent, default: 0] += 1
                    } else {
                        counts.unassigned += 1
                    }
                }
                if ticket.sla.isBreached { counts.breached += 1 }
            }
            return counts
        }
    }
}

import CRMModel
import CRMStore

/// Cursor paging over tickets, agents and a ticket's comments: a page is the `limit` items strictly
/// after the cursor in (sort key, id) order, so a walk neither repeats nor skips an item that stays
/// unchanged while others are inserted or deleted.
extension TicketsState {
    func page(_ query: TicketListQuery) -> Page<Ticket> {
        read { tables in
            let candidates = query.contactId.map { tables.byContact[$0] ?? OrderedIndex() } ?? tables.creationOrder
            if query.sort == .createdAt {
                // Creation order is id order: walk it from the cursor and stop at limit + 1 matches.
                var found: [Ticket] = []
                candidates.forEach(after: query.cursor.flatMap { TicketID($0.id) }, descending: query.isDescending) { id in
                    if let ticket = tables.tickets[id], query.matches(ticket) { found.append(ticket) }
                    return found.count <= query.limit
                }
                return Self.makePage(found.map { (query.sortKey($0), $0) }, limit: query.limit)
            }
            var matched: [(key: String, ticket: Ticket)] = []
            candidates.forEach { id in
                if let ticket = tables.tickets[id], query.matches(ticket) { matched.append((query.sortKey(ticket), ticket)) }
                return true
            }
            matched.sort { $0.key == $1.key ? $0.ticket.id < $1.ticket.id : $0.key < $1.key }
            if query.isDescending { matched.reverse() }
            var start = 0
            if let cursor = query.cursor {
                start = matched.firstIndex { item in
                    let isAfter = item.key == cursor.sortKey ? item.ticket.id.description > cursor.id : item.key > cursor.sortKey
                    let isBefore = item.key == cursor.sortKey ? item.ticket.id.description < cursor.id : item.key < cursor.sortKey
                    return query.isDescending ? isBefore : isAfter
                } ?? matched.count
            }
            return Self.makePage(Array(matched[start..<min(matched.count, start + query.limit + 1)]), limit: query.limit)
        }
    }

    /// The first `limit` items, and a cursor after the last of them when more follow.
    private static func makePage(_ items: [(key: String, ticket: Ticket)], limit: Int) -> Page<Ticket> {
        let shown = items.prefix(limit)
        let next = items.count > limit ? shown.last.map { Cursor.encode(sortKey: $0.key, id: $0.ticket.id.description) } : nil
        return Page(data: shown.map(\.ticket), nextCursor: next)
    }

    /// A ticket's comments, oldest first; nil when the ticket does not exist.
    func commentPage(of ticket: TicketID, after cursor: CursorPosition?, limit: Int) -> Page<TicketComment>? {
        read { tables in
            guard tables.tickets[ticket] != nil else { return nil }
            let index = tables.commentsByTicket[ticket] ?? OrderedIndex()
            let ids = index.elements(after: cursor.flatMap { TicketCommentID($0.id) }, limit: limit + 1)
            let shown = ids.prefix(limit).compactMap { tables.comments[$0] }
            let next = ids.count > limit ? shown.last.map { Cursor.encode(sortKey: "comments|", id: $0.id.description) } : nil
            return Page(data: shown, nextCursor: next)
        }
    }

    /// Agents, oldest first, with their unresolved ticket counts.
    func agentPage(after cursor: CursorPosition?, limit: Int) -> Page<(agent: Agent, openTickets: Int)> {
        read { tables in
            let ids = tables.agentOrder.elements(after: cursor.flatMap { AgentID($0.id) }, limit: limit + 1)
            let shown = ids.prefix(limit).compactMap { id in tables.agents[id].map { (agent: $0, openTickets: tables.openCount(of: id)) } }
            let next = ids.count > limit ? shown.last.map { Cursor.encode(sortKey: "agents|", id: $0.agent.id.description) } : nil
            return Page(data: shown, nextCursor: next)
        }
    }
}

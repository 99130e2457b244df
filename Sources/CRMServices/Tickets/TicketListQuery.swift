import CRMModel
import CRMRouter

/// The query of `GET /v1/tickets`, parsed strictly: an unknown parameter or a bad value is 400.
/// Filters combine with AND; `status` takes a comma list (any of them).
struct TicketListQuery {
    enum SortField: String, CaseIterable {
        case createdAt, updatedAt, priority, dueAt
    }

    var limit = 50
    var cursor: CursorPosition?
    var sort = SortField.createdAt
    var isDescending = false
    var statuses: Set<TicketStatus> = []
    var priority: TicketPriority?
    var assigneeId: AgentID?
    var contactId: ContactID?
    var tag: String?
    var breached: Bool?
    var search: [String] = []
    var createdSince: Timestamp?
    /// A filter naming an id of the wrong shape can match nothing.
    var matchesNothing = false

    static let parameters: Set<String> = ["limit", "cursor", "sort", "status", "priority", "assigneeId", "contactId", "tag",
                                          "breached", "q", "createdSince"]

    init(_ query: QueryParameters) throws(Problem) {
        let paging = try PageParameters(query, others: Self.parameters.subtracting(["limit", "cursor"]))
        limit = paging.limit
        let sorting = try SortParameter(query, default: SortField.createdAt)
        sort = sorting.field
        isDescending = sorting.isDescending
        cursor = try sorting.check(paging.cursor)
        statuses = try query.values("status", of: TicketStatus.self)
        if let text = query["priority"] {
            guard let value = TicketPriority(rawValue: text) else {
                throw Problem.badRequest("priority must be one of \(TicketPriority.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            priority = value
        }
        if let text = query["assigneeId"] {
            assigneeId = AgentID(text)
            if assigneeId == nil { matchesNothing = true }
        }
        if let text = query["contactId"] {
            contactId = ContactID(text)
            if contactId == nil { matchesNothing = true }
        }
        tag = query["tag"]
        if let text = query["breached"] {
            guard text == "true" || text == "false" else { throw Problem.badRequest("breached must be true or false.") }
            breached = text == "true"
        }
        search = ContactSearchTokens.words(query["q"] ?? "")
        createdSince = try query.timestamp("createdSince")
    }

    /// Identifies the sort inside a cursor, so a cursor cannot be reused under another sort.
    var sortTag: String { (isDescending ? "-" : "+") + sort.rawValue + "|" }

    /// The sort key of a ticket: fixed-width text so that text order is value order. Tickets
    /// without `dueAt` sort first under `dueAt` (last with `-dueAt`).
    func sortKey(_ ticket: Ticket) -> String {
        switch sort {
        case .createdAt: return sortTag
        case .updatedAt: return sortTag + SortKeyText.padded(ticket.updatedAt.millisecondsSinceEpoch, width: 16)
        case .priority: return sortTag + String(ticket.fields.priority.rank)
        case .dueAt: return sortTag + (ticket.fields.dueAt.map { SortKeyText.padded($0.millisecondsSinceEpoch, width: 16) } ?? "")
        }
    }

    func matches(_ ticket: Ticket) -> Bool {
        let fields = ticket.fields
        if matchesNothing { return false }
        if !statuses.isEmpty, !statuses.contains(fields.status) { return false }
        if let priority, fields.priority != priority { return false }
        if let assigneeId, fields.assigneeId != assigneeId { return false }
        if let contactId, fields.contactId != contactId { return false }
        if let tag, !fields.tags.contains(tag) { return false }
        if let breached, ticket.sla.isBreached != breached { return false }
        if let createdSince, ticket.createdAt < createdSince { return false }
        if !search.isEmpty, !Self.matches(search, ticket) { return false }
        return true
    }

    /// Whether every query word prefixes a word of the subject, description or tags, or the number.
    static func matches(_ words: [String], _ ticket: Ticket) -> Bool {
        var tokens = Set(ContactSearchTokens.words(ticket.fields.subject))
        if let description = ticket.fields.description { tokens.formUnion(ContactSearchTokens.words(description)) }
        for tag in ticket.fields.tags { tokens.formUnion(ContactSearchTokens.words(tag)) }
        tokens.insert(String(ticket.number))
        return ContactSearchTokens.matches(words, tokens)
    }
}

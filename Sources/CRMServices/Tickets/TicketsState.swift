import CRMModel
import CRMStore

/// The tickets service's in-memory state — tickets, comments, agents, the SLA policy and the
/// ticket-number counter — rebuilt from their records at start and kept current by the same `apply`
/// for live writes. Readers take the lock briefly; never across an fsync.
public final class TicketsState: StoreState, @unchecked Sendable {
    static let ticketType = "ticket"
    static let commentType = "ticket_comment"
    static let agentType = "agent"
    /// `{"lastNumber": N}`: the highest number issued, written with every new ticket so that
    /// compaction (which keeps an entity's last record) never lets a deleted ticket's number return.
    static let counterType = "ticket-counter"
    static let counterId = "ticket-counter"
    static let policyType = "sla-policy"
    static let policyId = "sla-policy"

    let tables = ReadWriteLocked(TicketTables())

    public init() {}

    /// A decoded record: what `apply` does to the tables, decided before taking the lock.
    private enum Change {
        case ticket(Ticket)
        case removeTicket(TicketID)
        case comment(TicketComment)
        case removeComment(TicketCommentID)
        case agent(Agent)
        case removeAgent(AgentID)
        case counter(Int)
        case policy(SLAPolicy)
    }

    public func apply(_ records: [Record]) {
        let changes = records.compactMap(Self.change)
        guard !changes.isEmpty else { return }
        tables.write { tables in
            for change in changes {
                switch change {
                case .ticket(let ticket): tables.upsert(ticket)
                case .removeTicket(let id): tables.removeTicket(id)
                case .comment(let comment): tables.upsert(comment)
                case .removeComment(let id): tables.removeComment(id)
                case .agent(let agent): tables.upsert(agent)
                case .removeAgent(let id): tables.removeAgent(id)
                case .counter(let number): tables.lastNumber = max(tables.lastNumber, number)
                case .policy(let policy): tables.policy = policy
                }
            }
        }
    }

    private static func change(_ record: Record) -> Change? {
        switch record.type {
        case ticketType:
            guard record.op == .put else { return TicketID(record.id).map { .removeTicket($0) } }
            return record.putObject.flatMap(Ticket.init(stored:)).map { .ticket($0) }
        case commentType:
            guard record.op == .put else { return TicketCommentID(record.id).map { .removeComment($0) } }
            return record.putObject.flatMap(TicketComment.init(stored:)).map { .comment($0) }
        case agentType:
            guard record.op == .put else { return AgentID(record.id).map { .removeAgent($0) } }
            return record.putObject.flatMap(Agent.init(stored:)).map { .agent($0) }
        case counterType:
            guard let number = record.putObject?["lastNumber"]?.numberValue?.int64 else { return nil }
            return .counter(Int(number))
        case policyType:
            guard record.op == .put else { return .policy(.defaults) }
            return record.putObject.flatMap(SLAPolicy.init(stored:)).map { .policy($0) }
        default:
            return nil
        }
    }

    public func reset() {
        tables.write { $0 = TicketTables() }
    }

    /// Runs `body` with a consistent view of every ticket, comment, agent and index.
    func read<Value>(_ body: (borrowing TicketTables) -> Value) -> Value {
        tables.read { body($0) }
    }

    func ticket(_ id: TicketID) -> Ticket? { tables.read { $0.tickets[id] } }
    func comment(_ id: TicketCommentID) -> TicketComment? { tables.read { $0.comments[id] } }
    func agent(_ id: AgentID) -> Agent? { tables.read { $0.agents[id] } }
    func comments(of ticket: TicketID) -> [TicketComment] { tables.read { $0.comments(of: ticket) } }
    var lastNumber: Int { tables.read { $0.lastNumber } }
    public var slaPolicy: SLAPolicy { tables.read { $0.policy } }
}

/// Where a ticket stands in its life (SPEC §3 "Tickets"): `new` until someone works on it, `open`
/// while it is worked on, `pending` while waiting for the customer, `on_hold` while waiting for a
/// third party, `solved` once answered, `closed` for good. `TicketWorkflow` says which changes are allowed.
public enum TicketStatus: String, Sendable, CaseIterable, Comparable {
    case new, open, pending
    case onHold = "on_hold"
    case solved, closed

    /// Counts as an agent's open work for routing (SPEC §6: not solved or closed).
    public var isUnresolved: Bool { self != .solved && self != .closed }

    public static func < (lhs: TicketStatus, rhs: TicketStatus) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// How urgent a ticket is; the SLA targets are per priority.
public enum TicketPriority: String, Sendable, CaseIterable {
    case low, normal, high, urgent

    /// Sort order of `sort=priority`: low 0, normal 1, high 2, urgent 3.
    public var rank: Int {
        switch self {
        case .low: 0
        case .normal: 1
        case .high: 2
        case .urgent: 3
        }
    }
}

/// Where the ticket came in.
public enum TicketChannel: String, Sendable, CaseIterable {
    case email, phone, chat, web, social, api
}

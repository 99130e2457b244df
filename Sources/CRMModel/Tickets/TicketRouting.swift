/// Who gets a new ticket that arrives without an assignee (SPEC §3 "Agents and routing", §6):
/// among active agents with a skill equal to one of the ticket's tags, the one with the fewest
/// unresolved tickets (not solved or closed); ties go to the one whose last assignment is longest
/// ago — never-assigned agents first — and then to the smaller id, so the choice is deterministic.
/// No matching active agent: the ticket stays unassigned.
public enum TicketRouting {
    public struct Candidate: Sendable, Equatable {
        public var id: AgentID
        public var skills: [String]
        public var isActive: Bool
        public var openTickets: Int
        public var lastAssignedAt: Timestamp?

        public init(id: AgentID, skills: [String], isActive: Bool, openTickets: Int, lastAssignedAt: Timestamp?) {
            self.id = id
            self.skills = skills
            self.isActive = isActive
            self.openTickets = openTickets
            self.lastAssignedAt = lastAssignedAt
        }
    }

    public static func choose(forTags tags: [String], among candidates: [Candidate]) -> AgentID? {
        let wanted = Set(tags)
        return candidates
            .filter { $0.isActive && $0.skills.contains(where: wanted.contains) }
            .min(by: isBetter)?.id
    }

    /// Whether `left` should get the ticket before `right`.
    static func isBetter(_ left: Candidate, _ right: Candidate) -> Bool {
        if left.openTickets != right.openTickets { return left.openTickets < right.openTickets }
        switch (left.lastAssignedAt, right.lastAssignedAt) {
        case (nil, .some): return true
        case (.some, nil): return false
        case (.some(let leftAt), .some(let rightAt)) where leftAt != rightAt: return leftAt < rightAt
        default: return left.id < right.id
        }
    }
}

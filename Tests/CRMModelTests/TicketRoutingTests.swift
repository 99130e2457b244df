import Testing
@testable import CRMModel

/// The routing rule: matching skill, fewest unresolved tickets, longest since last assignment
/// (never-assigned first), then id; inactive agents never.
@Suite struct TicketRoutingTests {
    let first = AgentID.make()
    let second = AgentID.make()
    let third = AgentID.make()

    func candidate(_ id: AgentID, skills: [String] = ["billing"], active: Bool = true, open: Int = 0, last: Int64? = nil) -> TicketRouting.Candidate {
        TicketRouting.Candidate(id: id, skills: skills, isActive: active, openTickets: open,
                                lastAssignedAt: last.map { Timestamp(millisecondsSinceEpoch: $0) })
    }

    @Test func picksBySkillThenLoadThenLastAssignmentThenId() {
        #expect(TicketRouting.choose(forTags: ["billing"], among: [candidate(second), candidate(first)]) == first, "ties end on the id")
        #expect(TicketRouting.choose(forTags: ["billing"], among: [candidate(first, open: 2), candidate(second, open: 1)]) == second)
        #expect(TicketRouting.choose(forTags: ["billing"], among: [candidate(first, open: 1, last: 50), candidate(second, open: 1, last: 10)]) == second)
        #expect(TicketRouting.choose(forTags: ["billing"], among: [candidate(first, last: 10), candidate(second)]) == second, "never assigned first")
        #expect(TicketRouting.choose(forTags: ["vip", "billing"], among: [candidate(first, skills: ["vip"], open: 3), candidate(second, skills: ["sales"])]) == first)
    }

    @Test func skipsInactiveAgentsAndTicketsWithoutAMatch() {
        #expect(TicketRouting.choose(forTags: ["billing"], among: [candidate(first, active: false), candidate(second, open: 9)]) == second)
        #expect(TicketRouting.choose(forTags: ["billing"], among: [candidate(first, active: false)]) == nil)
        #expect(TicketRouting.choose(forTags: ["refunds"], among: [candidate(first), candidate(third)]) == nil)
        #expect(TicketRouting.choose(forTags: [], among: [candidate(first)]) == nil)
    }
}

import CRMModel
import CRMStore

/// Routing of new unassigned tickets (`TicketRouting`) against the current agents and their load,
/// and the agent record each assignment writes (`lastAssignedAt`, the routing tie-break).
extension TicketsState {
    /// The agent a new ticket with `tags` goes to; nil when no active agent has a matching skill.
    func routedAgent(forTags tags: [String]) -> AgentID? {
        guard !tags.isEmpty else { return nil }
        let candidates = read { tables in
            tables.agents.values.map { agent in
                TicketRouting.Candidate(id: agent.id, skills: agent.fields.skills, isActive: agent.fields.isActive,
                                        openTickets: tables.openCount(of: agent.id), lastAssignedAt: agent.lastAssignedAt)
            }
        }
        return TicketRouting.choose(forTags: tags, among: candidates)
    }

    /// In a commit that assigns a ticket to `agent`: the agent's new version with `lastAssignedAt = now`.
    func appendAssignment(of id: AgentID, now: Timestamp, to context: inout CommitContext) {
        guard var agent = agent(id) else { return }
        agent.lastAssignedAt = now
        agent.updatedAt = max(agent.updatedAt, now)
        agent.version += 1
        context.append(type: TicketsState.agentType, id: id.description, op: .put, data: agent.storedBytes)
    }
}

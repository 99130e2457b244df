import CRMModel
import CRMRouter
import CRMStore

/// The business rules of agents (SPEC §3 "Agents and routing"): validation, a case-insensitively
/// unique email (409) checked on the writer, merge-patch updates with `If-Match`. Deactivating an
/// agent (`active: false`) leaves their tickets assigned; routing passes them over.
public final class AgentsService: Sendable {
    let store: Store
    let state: TicketsState

    public init(store: Store, state: TicketsState) {
        self.store = store
        self.state = state
    }

    public func create(_ body: JSONObject, actor: String, requestId: String) async throws -> Agent {
        let fields = try Agent.Fields.read(from: body)
        let id = AgentID.make()
        return try await store.commit(actor: actor, requestId: requestId) { [state] context in
            try state.checkUniqueEmail(fields.email, for: id)
            let agent = Agent(id: id, fields: fields, createdAt: Timestamp(millisecondsSinceEpoch: context.timestamp))
            context.append(type: TicketsState.agentType, id: id.description, op: .put, data: agent.storedBytes)
            return agent
        }
    }

    public func agent(_ idText: String) throws -> (agent: Agent, openTickets: Int) {
        guard let id = AgentID(idText), let found = state.agentWithLoad(id) else { throw Self.noAgent(idText) }
        return found
    }

    public func update(_ idText: String, patch: JSONObject, ifMatch: Int?, actor: String, requestId: String) async throws -> Agent {
        try MergePatch.rejectReadOnly(Agent.Fields.readOnlyKeys, in: patch)
        guard let id = AgentID(idText) else { throw Self.noAgent(idText) }
        return try await store.commit(actor: actor, requestId: requestId) { [state] context in
            guard let current = state.agent(id) else { throw Self.noAgent(idText) }
            try Preconditions.check(ifMatch: ifMatch, version: current.version)
            let merged = MergePatch.apply(patch: patch, to: current.fields.jsonObject)
            let fields = try Agent.Fields.read(from: merged)
            guard fields != current.fields else { return current }
            try state.checkUniqueEmail(fields.email, for: id)
            var updated = current
            updated.fields = fields
            updated.updatedAt = Timestamp(millisecondsSinceEpoch: context.timestamp)
            updated.version += 1
            context.append(type: TicketsState.agentType, id: id.description, op: .put, data: updated.storedBytes)
            return updated
        }
    }

    func list(_ paging: PageParameters) -> Page<(agent: Agent, openTickets: Int)> {
        state.agentPage(after: paging.cursor, limit: paging.limit)
    }

    static func noAgent(_ idText: String) -> Problem {
        Problem.notFound("No agent with id '\(idText)'.")
    }
}

extension TicketsState {
    /// 409 when another agent has this email (case-insensitively).
    func checkUniqueEmail(_ email: String, for id: AgentID) throws(Problem) {
        let owner = read { $0.agentsByEmail[EmailAddress.normalizedKey(email)] }
        if let owner, owner != id {
            throw Problem(status: .conflict, type: ProblemType.conflict, detail: "Agent \(owner) already has this email.",
                          errors: [FieldError(field: "email", code: "not_unique", message: "is already used by agent \(owner)")])
        }
    }

    func agentWithLoad(_ id: AgentID) -> (agent: Agent, openTickets: Int)? {
        read { tables in tables.agents[id].map { ($0, tables.openCount(of: id)) } }
    }
}

import CRMModel
import CRMRouter
import CRMStore

/// `GET|PUT /v1/sla-policies`: the one SLA policy, replaced whole by PUT (all four priorities, both
/// targets) with `If-Match`. A new policy applies to tickets created, or given a new priority,
/// afterwards; tickets keep the dues they were given.
public final class SLAPolicyService: Sendable {
    let store: Store
    let state: TicketsState

    public init(store: Store, state: TicketsState) {
        self.store = store
        self.state = state
    }

    public var policy: SLAPolicy { state.slaPolicy }

    public func replace(_ body: JSONObject, ifMatch: Int?, actor: String, requestId: String) async throws -> SLAPolicy {
        let targets = try SLAPolicy.readTargets(from: body)
        return try await store.commit(actor: actor, requestId: requestId) { [state] context in
            let current = state.slaPolicy
            try Preconditions.check(ifMatch: ifMatch, version: current.version)
            guard targets != current.targets else { return current }
            let policy = SLAPolicy(targets: targets, version: current.version + 1,
                                   updatedAt: Timestamp(millisecondsSinceEpoch: context.timestamp))
            context.append(type: TicketsState.policyType, id: TicketsState.policyId, op: .put, data: policy.jsonBytes)
            return policy
        }
    }
}

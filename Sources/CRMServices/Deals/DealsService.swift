import CRMModel
import CRMRouter
import CRMStore

/// The business rules of deals (SPEC §3 "Deals"): validation, the contact must exist, stages as the
/// pipeline defines them (`DealStageRules`), versions with `If-Match`, merge-patch updates, and
/// pipeline edits that never strand a deal. Never sees HTTP beyond the `Problem`s it throws.
public final class DealsService: Sendable {
    let store: Store
    let state: DealsState
    let contacts: ContactsState

    public init(store: Store, state: DealsState, contacts: ContactsState) {
        self.store = store
        self.state = state
        self.contacts = contacts
    }

    public func create(_ body: JSONObject, actor: String, requestId: String) async throws -> Deal {
        let fields = try DealFields.read(from: body)
        let id = DealID.make()
        return try await store.commit(actor: actor, requestId: requestId) { [state, contacts] context in
            try Self.checkContact(fields, contacts)
            let deal = try DealStageRules.deal(id: id, fields: fields, current: nil, sentLostReason: fields.lostReason != nil,
                                               pipeline: state.pipeline, now: Timestamp(millisecondsSinceEpoch: context.timestamp))
            context.append(type: DealsState.recordType, id: id.description, op: .put, data: deal.storedBytes)
            return deal
        }
    }

    public func deal(_ idText: String) throws -> Deal {
        guard let id = DealID(idText), let deal = state.deal(id) else { throw Self.notFound(idText) }
        return deal
    }

    /// A JSON merge patch (RFC 7396) on the writable fields, validated as a whole; a patch that
    /// changes nothing creates no new version.
    public func update(_ idText: String, patch: JSONObject, ifMatch: Int?, actor: String, requestId: String) async throws -> Deal {
        try MergePatch.rejectReadOnly(DealFields.readOnlyKeys, in: patch)
        guard let id = DealID(idText) else { throw Self.notFound(idText) }
        let sentLostReason = patch["lostReason"].map { !$0.isNull } ?? false
        return try await store.commit(actor: actor, requestId: requestId) { [state, contacts] context in
            guard let current = state.deal(id) else { throw Self.notFound(idText) }
            try Preconditions.check(ifMatch: ifMatch, version: current.version)
            let merged = MergePatch.apply(patch: patch, to: current.fields.jsonObject)
            let fields = try DealFields.read(from: merged)
            if fields.contactId != current.fields.contactId { try Self.checkContact(fields, contacts) }
            let updated = try DealStageRules.deal(id: id, fields: fields, current: current, sentLostReason: sentLostReason,
                                                  pipeline: state.pipeline, now: Timestamp(millisecondsSinceEpoch: context.timestamp))
            guard updated.fields != current.fields else { return current }
            context.append(type: DealsState.recordType, id: id.description, op: .put, data: updated.storedBytes)
            return updated
        }
    }

    public func delete(_ idText: String, ifMatch: Int?, actor: String, requestId: String) async throws {
        guard let id = DealID(idText) else { throw Self.notFound(idText) }
        try await store.commit(actor: actor, requestId: requestId) { [state] context in
            guard let current = state.deal(id) else { throw Self.notFound(idText) }
            try Preconditions.check(ifMatch: ifMatch, version: current.version)
            context.append(type: DealsState.recordType, id: id.description, op: .delete, data: [])
        }
    }

    /// Every version of one deal still in the log, newest first (404 for an unknown id; a deleted
    /// deal keeps its history, ending in the delete).
    func history(_ idText: String, query: QueryParameters) throws -> Page<HistoryEntry> {
        guard let id = DealID(idText), let page = try EntityHistory.page(of: id.description, store: store, query: query) else {
            throw Problem.notFound("No history for deal '\(idText)'.")
        }
        return page
    }

    func list(_ query: DealListQuery) -> Page<Deal> {
        state.page(query)
    }

    var pipeline: Pipeline { state.pipeline }

    /// Replaces the stages. Refused (409) when a stage that holds deals would disappear or change
    /// between open, won and lost — those deals would be stranded or silently closed.
    public func replacePipeline(_ body: JSONObject, ifMatch: Int?, actor: String, requestId: String) async throws -> Pipeline {
        let stages = try Pipeline.stages(from: body)
        return try await store.commit(actor: actor, requestId: requestId) { [state] context in
            let current = state.pipeline
            try Preconditions.check(ifMatch: ifMatch, version: current.version)
            let proposed = Pipeline(stages: stages, version: current.version + 1, updatedAt: Timestamp(millisecondsSinceEpoch: context.timestamp))
            let inUse = state.read { $0.countByStage }
            for (stage, count) in inUse.sorted(by: { $0.key < $1.key }) where count > 0 {
                guard let outcome = proposed.outcome(of: stage) else {
                    throw Self.stageInUse("Stage '\(stage)' holds \(count) deal\(count == 1 ? "" : "s"); move them to another stage before removing it.")
                }
                if outcome != current.outcome(of: stage) {
                    throw Self.stageInUse("Stage '\(stage)' holds \(count) deal\(count == 1 ? "" : "s") and would change from "
                        + "\(current.outcome(of: stage)?.rawValue ?? "?") to \(outcome.rawValue); move them first.")
                }
            }
            guard proposed.stages != current.stages else { return current }
            context.append(type: DealsState.pipelineRecordType, id: DealsState.pipelineRecordId, op: .put, data: proposed.jsonBytes)
            return proposed
        }
    }

    private static func checkContact(_ fields: DealFields, _ contacts: ContactsState) throws(FieldErrors) {
        guard let contact = fields.contactId, contacts.contains(contact) else {
            throw FieldErrors([FieldError(field: "contactId", code: "not_found", message: "names no existing contact")])
        }
    }

    static func notFound(_ idText: String) -> Problem {
        Problem.notFound("No deal with id '\(idText)'.")
    }

    private static func stageInUse(_ detail: String) -> Problem {
        Problem(status: .conflict, type: "urn:crm:problem:stage-in-use", detail: detail)
    }
}

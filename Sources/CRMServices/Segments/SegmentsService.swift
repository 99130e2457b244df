import CRMModel
import CRMRouter
import CRMSegments
import CRMStore

/// Saved segments (SPEC §3): create, read, list, change (merge patch, validated as a whole), delete,
/// and their members at the moment of asking. A segment that a campaign other than a draft uses
/// (scheduled, running, completed or cancelled) cannot be deleted (409): the campaign's audience
/// and its history name it. A draft that names a deleted segment cannot be launched or scheduled.
public final class SegmentsService: Sendable {
    let store: Store
    let state: CampaignsState

    public init(store: Store, state: CampaignsState) {
        self.store = store
        self.state = state
    }

    func create(_ body: JSONObject, actor: String, requestId: String) async throws -> Segment {
        let fields = try SegmentFields.read(from: body)
        let id = SegmentID.make()
        return try await store.commit(actor: actor, requestId: requestId) { context in
            let now = Timestamp(millisecondsSinceEpoch: context.timestamp)
            let segment = Segment(id: id, fields: fields, createdAt: now, updatedAt: now, version: 1)
            context.append(type: CampaignsState.segmentType, id: id.description, op: .put, data: segment.jsonBytes)
            return segment
        }
    }

    func segment(_ idText: String) throws -> Segment {
        guard let id = SegmentID(idText), let segment = state.segment(id) else { throw Self.notFound(idText) }
        return segment
    }

    /// Segments oldest first.
    func list(_ query: QueryParameters) throws -> Page<Segment> {
        let paging = try PageParameters(query)
        let after = try paging.cursorId(as: SegmentID.self)
        return state.read { tables in
            let ids = tables.segmentOrder.elements(after: after, limit: paging.limit + 1)
            let page = ids.prefix(paging.limit).compactMap { tables.segments[$0] }
            let next = ids.count > paging.limit ? page.last.map { Cursor.encode(sortKey: "", id: $0.id.description) } : nil
            return Page(data: page, nextCursor: next)
        }
    }

    func update(_ idText: String, patch: JSONObject, ifMatch: Int?, actor: String, requestId: String) async throws -> Segment {
        try MergePatch.rejectReadOnly(SegmentFields.readOnlyKeys, in: patch)
        let current = try segment(idText)
        let merged = MergePatch.apply(patch: patch, to: current.fields.jsonObject)
        let fields = try SegmentFields.read(from: merged)
        return try await store.commit(actor: actor, requestId: requestId) { [state] context in
            guard var segment = state.segment(current.id) else { throw Self.notFound(idText) }
            try Preconditions.check(ifMatch: ifMatch, version: segment.version)
            guard fields != segment.fields else { return segment }
            segment.fields = fields
            segment.updatedAt = Timestamp(millisecondsSinceEpoch: context.timestamp)
            segment.version += 1
            context.append(type: CampaignsState.segmentType, id: segment.id.description, op: .put, data: segment.jsonBytes)
            return segment
        }
    }

    func delete(_ idText: String, ifMatch: Int?, actor: String, requestId: String) async throws {
        guard let id = SegmentID(idText) else { throw Self.notFound(idText) }
        try await store.commit(actor: actor, requestId: requestId) { [state] context in
            guard let segment = state.segment(id) else { throw Self.notFound(idText) }
            try Preconditions.check(ifMatch: ifMatch, version: segment.version)
            let users = state.read { tables in
                tables.campaigns.values.filter { $0.fields.segmentId == id && $0.status != .draft }.map(\.id).sorted()
            }
            if let first = users.first {
                throw Problem.conflict("Segment \(id) is used by campaign \(first)\(users.count > 1 ? " and \(users.count - 1) more" : ""), "
                    + "which is not a draft; a segment stays while a scheduled, running, completed or cancelled campaign names it.")
            }
            context.append(type: CampaignsState.segmentType, id: id.description, op: .delete, data: [])
        }
    }

    /// One page of the segment's members now (relative dates against this moment), with the total.
    func members(_ idText: String, query: QueryParameters) throws -> (page: Page<Contact>, total: Int) {
        let segment = try segment(idText)
        let paging = try PageParameters(query)
        let after = try paging.cursor.map { position throws(Problem) -> ContactID in
            guard let id = ContactID(position.id) else { throw Problem.badRequest("cursor is not valid for this listing (it must come from nextCursor).") }
            return id
        }
        let found = state.contacts.members(of: segment.fields.filter.bound(now: Timestamp.now()), after: after, limit: paging.limit)
        let next = found.hasMore ? found.page.last.map { Cursor.encode(sortKey: "", id: $0.id.description) } : nil
        return (Page(data: found.page, nextCursor: next), found.total)
    }

    static func notFound(_ idText: String) -> Problem {
        Problem.notFound("No segment with id '\(idText)'.")
    }
}

import CRMHTTP
import CRMModel
import CRMRouter

/// Data quality and the timeline: `GET /v1/contacts/duplicates`, `POST /v1/contacts/{id}/merge`,
/// `GET /v1/contacts/{id}/timeline`.
public enum ContactsExtraRoutes {
    public static func register(on router: inout Router, service: ContactsService) {
        router.add(HTTPMethod.get, "/v1/contacts/duplicates", area: .contacts) { _, context in
            let paging = try PageParameters(context.query)
            let limit = paging.limit
            var after: (ContactID, ContactID)?
            if let position = paging.cursor {
                guard let first = ContactID(position.sortKey), let second = ContactID(position.id) else {
                    throw PageParameters.invalidCursor
                }
                after = (first, second)
            }
            let found = service.state.duplicatePairs(limit: limit, after: after)
            var writer = JSONWriter(reservingCapacity: 160 * max(1, found.pairs.count))
            writer.beginObject()
            writer.field("data", found.pairs) { writer, pair in
                writer.beginObject()
                writer.field("contactId", pair.first)
                writer.field("duplicateId", pair.second)
                writer.field("reasons", pair.reasons)
                writer.endObject()
            }
            let next = found.more ? found.pairs.last.map { Cursor.encode(sortKey: $0.first.description, id: $0.second.description) } : nil
            writer.field("nextCursor", next)
            writer.endObject()
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
        router.add(HTTPMethod.post, "/v1/contacts/{id}/merge", area: .contacts) { request, context in
            let body = try await request.jsonObject()
            let contact = try await service.merge(context.parameter("id"), body: body, ifMatch: EntityTag.requiredVersion(request),
                                                  actor: ContactsRoutes.actor(context), requestId: context.requestId)
            return ContactsRoutes.json(contact, status: .ok)
        }
        router.add(HTTPMethod.get, "/v1/contacts/{id}/timeline", area: .contacts) { _, context in
            let page = try service.timeline(context.parameter("id"), query: TimelineQuery(context.query))
            var writer = JSONWriter(reservingCapacity: 360 * max(1, page.data.count))
            writer.page(page) { writer, entry in writer.timelineEntry(entry) }
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
    }
}

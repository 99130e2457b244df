import CRMHTTP
import CRMModel
import CRMRouter

/// The HTTP side of interactions: decode, call `InteractionsService`, encode. Nothing else.
public enum InteractionsRoutes {
    public static func register(on router: inout Router, service: InteractionsService) {
        router.add(HTTPMethod.post, "/v1/contacts/{id}/interactions", area: .contacts) { request, context in
            let body = try await request.jsonObject()
            let interaction = try await service.record(body, contact: context.parameter("id"),
                                                       actor: ContactsRoutes.actor(context), requestId: context.requestId)
            var response = Response(status: .created, contentType: "application/json", bytes: interaction.jsonBytes)
            response.headers.set("Location", "/v1/interactions/\(interaction.id)")
            return response
        }
        router.add(HTTPMethod.get, "/v1/contacts/{id}/interactions", area: .contacts) { _, context in
            let query = try InteractionListQuery(context.query, acceptsContactId: false)
            return json(try service.list(query, contact: context.parameter("id")))
        }
        router.add(HTTPMethod.get, "/v1/interactions", area: .contacts) { _, context in
            json(try service.list(try InteractionListQuery(context.query, acceptsContactId: true)))
        }
        router.add(HTTPMethod.get, "/v1/interactions/{id}", area: .contacts) { _, context in
            let interaction = try service.interaction(context.parameter("id"))
            return Response(status: .ok, contentType: "application/json", bytes: interaction.jsonBytes)
        }
    }

    static func json(_ page: Page<Interaction>) -> Response {
        var writer = JSONWriter(reservingCapacity: 320 * max(1, page.data.count))
        writer.page(page) { writer, interaction in interaction.write(to: &writer) }
        return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
    }
}

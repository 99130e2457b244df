import CRMHTTP
import CRMModel
import CRMRouter

/// The HTTP side of tickets, their comments and ratings: decode, call `TicketsService`, encode.
public enum TicketsRoutes {
    public static func register(on router: inout Router, service: TicketsService) {
        router.add(HTTPMethod.post, "/v1/tickets", area: .tickets) { request, context in
            let ticket = try await service.create(try await request.jsonObject(), actor: actor(context), requestId: context.requestId)
            var response = json(ticket, status: .created)
            response.headers.set("Location", "/v1/tickets/\(ticket.id)")
            return response
        }
        router.add(HTTPMethod.get, "/v1/tickets", area: .tickets) { _, context in
            let page = service.list(try TicketListQuery(context.query))
            var writer = JSONWriter(reservingCapacity: 768 * max(1, page.data.count))
            writer.page(page) { writer, ticket in ticket.write(to: &writer) }
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
        router.add(HTTPMethod.get, "/v1/tickets/{id}", area: .tickets) { request, context in
            let ticket = try service.ticket(context.parameter("id"))
            if EntityTag.isNotModified(request, version: ticket.version) {
                return Response(status: .notModified, headers: ["ETag": EntityTag.value(ticket.version)])
            }
            return json(ticket, status: .ok)
        }
        router.add(HTTPMethod.patch, "/v1/tickets/{id}", area: .tickets) { request, context in
            let patch = try await request.jsonObject(accepting: Request.mergePatchMediaTypes)
            let ticket = try await service.update(context.parameter("id"), patch: patch, ifMatch: EntityTag.requiredVersion(request),
                                                  actor: actor(context), requestId: context.requestId)
            return json(ticket, status: .ok)
        }
        router.add(HTTPMethod.delete, "/v1/tickets/{id}", area: .tickets) { request, context in
            try await service.delete(context.parameter("id"), ifMatch: EntityTag.requiredVersion(request),
                                     actor: actor(context), requestId: context.requestId)
            return Response(status: .noContent)
        }
        router.add(HTTPMethod.get, "/v1/tickets/{id}/history", area: .tickets) { _, context in
            let page = try service.history(context.parameter("id"), query: context.query)
            var writer = JSONWriter(reservingCapacity: 256 * max(1, page.data.count))
            writer.page(page) { writer, entry in entry.write(to: &writer) }
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
        router.add(HTTPMethod.post, "/v1/tickets/{id}/satisfaction", area: .tickets) { request, context in
            let ticket = try await service.rate(context.parameter("id"), body: try await request.jsonObject(),
                                                actor: actor(context), requestId: context.requestId)
            return json(ticket, status: .ok)
        }
        registerComments(on: &router, service: service)
    }

    private static func registerComments(on router: inout Router, service: TicketsService) {
        router.add(HTTPMethod.post, "/v1/tickets/{id}/comments", area: .tickets) { request, context in
            let comment = try await service.comment(on: context.parameter("id"), body: try await request.jsonObject(),
                                                    actor: actor(context), requestId: context.requestId)
            var response = Response(status: .created, contentType: "application/json", bytes: comment.jsonBytes,
                                    headers: ["ETag": EntityTag.value(comment.version)])
            response.headers.set("Location", "/v1/tickets/\(comment.ticketId)/comments/\(comment.id)")
            return response
        }
        router.add(HTTPMethod.get, "/v1/tickets/{id}/comments", area: .tickets) { _, context in
            let page = try service.comments(of: context.parameter("id"), paging: try PageParameters(context.query))
            var writer = JSONWriter(reservingCapacity: 384 * max(1, page.data.count))
            writer.page(page) { writer, comment in comment.write(to: &writer) }
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
        router.add(HTTPMethod.get, "/v1/tickets/{id}/comments/{commentId}", area: .tickets) { _, context in
            let comment = try service.comment(context.parameter("commentId"), on: context.parameter("id"))
            return Response(status: .ok, contentType: "application/json", bytes: comment.jsonBytes,
                            headers: ["ETag": EntityTag.value(comment.version)])
        }
    }

    static func json(_ ticket: Ticket, status: HTTPStatus) -> Response {
        Response(status: status, contentType: "application/json", bytes: ticket.jsonBytes, headers: ["ETag": EntityTag.value(ticket.version)])
    }

    static func actor(_ context: RequestContext) -> String {
        context.principal?.keyId ?? "anonymous"
    }
}

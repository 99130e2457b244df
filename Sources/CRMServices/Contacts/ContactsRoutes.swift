import CRMHTTP
import CRMModel
import CRMRouter

/// The HTTP side of contacts: decode, call `ContactsService`, encode. Nothing else.
public enum ContactsRoutes {
    public static func register(on router: inout Router, service: ContactsService) {
        router.add(HTTPMethod.post, "/v1/contacts", area: .contacts) { request, context in
            let body = try await request.jsonObject()
            let contact = try await service.create(body, actor: actor(context), requestId: context.requestId)
            var response = json(contact, status: .created)
            response.headers.set("Location", "/v1/contacts/\(contact.id)")
            return response
        }
        router.add(HTTPMethod.post, "/v1/contacts/batch", area: .contacts) { request, context in
            let batch = try ContactBatchRequest(try await request.jsonObject())
            let outcome = try await service.sync(batch, actor: actor(context), requestId: context.requestId)
            return Response(status: .ok, contentType: "application/json", bytes: outcome.jsonBytes)
        }
        registerImportExport(on: &router, service: service)
        router.add(HTTPMethod.get, "/v1/contacts", area: .contacts) { _, context in
            let page = service.list(try ContactListQuery(context.query))
            var writer = JSONWriter(reservingCapacity: 512 * max(1, page.data.count))
            writer.page(page) { writer, contact in contact.write(to: &writer) }
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
        router.add(HTTPMethod.get, "/v1/contacts/{id}", area: .contacts) { request, context in
            let contact = try service.contactWithScores(context.parameter("id"))
            if EntityTag.isNotModified(request, version: contact.version) {
                return Response(status: .notModified, headers: ["ETag": EntityTag.value(contact.version)])
            }
            return json(contact, status: .ok)
        }
        router.add(HTTPMethod.patch, "/v1/contacts/{id}", area: .contacts) { request, context in
            let patch = try await request.jsonObject(accepting: Request.mergePatchMediaTypes)
            let contact = try await service.update(context.parameter("id"), patch: patch, ifMatch: EntityTag.requiredVersion(request),
                                                   actor: actor(context), requestId: context.requestId)
            return json(contact, status: .ok)
        }
        router.add(HTTPMethod.get, "/v1/contacts/{id}/history", area: .contacts) { _, context in
            let page = try service.history(context.parameter("id"), query: context.query)
            var writer = JSONWriter(reservingCapacity: 256 * max(1, page.data.count))
            writer.page(page) { writer, entry in entry.write(to: &writer) }
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
        router.add(HTTPMethod.get, "/v1/contacts/{id}/export", area: .contacts) { _, context in
            let export = try service.privacyExport(context.parameter("id"))
            var writer = JSONWriter(reservingCapacity: 4096)
            writer.beginObject()
            writer.key("contact")
            export.contact.write(to: &writer)
            writer.field("history", export.history) { writer, entry in entry.write(to: &writer) }
            writer.field("interactions", export.interactions) { writer, interaction in interaction.write(to: &writer) }
            for section in export.linked {
                writer.key(section.name)
                writer.beginArray()
                for item in section.items { item(&writer) }
                writer.endArray()
            }
            writer.field("exportedAt", Timestamp.now())
            writer.endObject()
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
        router.add(HTTPMethod.post, "/v1/contacts/{id}/erase", area: .admin) { _, context in
            try await service.erase(context.parameter("id"), actor: actor(context), requestId: context.requestId)
            return Response(status: .noContent)
        }
        router.add(HTTPMethod.delete, "/v1/contacts/{id}", area: .contacts) { request, context in
            try await service.delete(context.parameter("id"), ifMatch: EntityTag.requiredVersion(request),
                                     actor: actor(context), requestId: context.requestId)
            return Response(status: .noContent)
        }
    }

    static func json(_ contact: Contact, status: HTTPStatus) -> Response {
        Response(status: status, contentType: "application/json", bytes: contact.jsonBytes,
                 headers: ["ETag": EntityTag.value(contact.version)])
    }

    static func actor(_ context: RequestContext) -> String {
        context.principal?.keyId ?? "anonymous"
    }
}

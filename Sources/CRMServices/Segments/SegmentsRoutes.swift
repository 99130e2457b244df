import CRMHTTP
import CRMModel
import CRMRouter

/// The HTTP side of segments (area `segments`): decode, call `SegmentsService`, encode.
public enum SegmentsRoutes {
    public static func register(on router: inout Router, service: SegmentsService) {
        router.add(HTTPMethod.post, "/v1/segments", area: .segments) { request, context in
            let segment = try await service.create(try await request.jsonObject(), actor: actor(context), requestId: context.requestId)
            var response = json(segment, status: .created)
            response.headers.set("Location", "/v1/segments/\(segment.id)")
            return response
        }
        router.add(HTTPMethod.get, "/v1/segments", area: .segments) { _, context in
            let page = try service.list(context.query)
            var writer = JSONWriter(reservingCapacity: 512 * max(1, page.data.count))
            writer.page(page) { writer, segment in segment.write(to: &writer) }
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
        router.add(HTTPMethod.get, "/v1/segments/{id}", area: .segments) { request, context in
            let segment = try service.segment(context.parameter("id"))
            if EntityTag.isNotModified(request, version: segment.version) {
                return Response(status: .notModified, headers: ["ETag": EntityTag.value(segment.version)])
            }
            return json(segment, status: .ok)
        }
        router.add(HTTPMethod.patch, "/v1/segments/{id}", area: .segments) { request, context in
            let patch = try await request.jsonObject(accepting: Request.mergePatchMediaTypes)
            let segment = try await service.update(context.parameter("id"), patch: patch, ifMatch: EntityTag.requiredVersion(request),
                                                   actor: actor(context), requestId: context.requestId)
            return json(segment, status: .ok)
        }
        router.add(HTTPMethod.delete, "/v1/segments/{id}", area: .segments) { request, context in
            try await service.delete(context.parameter("id"), ifMatch: EntityTag.requiredVersion(request), actor: actor(context),
                                     requestId: context.requestId)
            return Response(status: .noContent)
        }
        router.add(HTTPMethod.get, "/v1/segments/{id}/contacts", area: .segments) { _, context in
            let found = try service.members(context.parameter("id"), query: context.query)
            var writer = JSONWriter(reservingCapacity: 640 * max(1, found.page.data.count))
            writer.beginObject()
            writer.field("data", found.page.data) { writer, contact in contact.write(to: &writer) }
            writer.field("nextCursor", found.page.nextCursor)
            writer.field("total", found.total)
            writer.endObject()
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
    }

    static func json(_ segment: Segment, status: HTTPStatus) -> Response {
        Response(status: status, contentType: "application/json", bytes: segment.jsonBytes, headers: ["ETag": EntityTag.value(segment.version)])
    }

    static func actor(_ context: RequestContext) -> String {
        context.principal?.keyId ?? "anonymous"
    }
}

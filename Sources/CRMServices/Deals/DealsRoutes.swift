import CRMHTTP
import CRMModel
import CRMRouter

/// The HTTP side of deals and the pipeline: decode, call `DealsService`, encode. Nothing else.
public enum DealsRoutes {
    public static func register(on router: inout Router, service: DealsService) {
        router.add(HTTPMethod.get, "/v1/pipeline", area: .deals) { request, _ in
            let pipeline = service.pipeline
            if EntityTag.isNotModified(request, version: pipeline.version) {
                return Response(status: .notModified, headers: ["ETag": EntityTag.value(pipeline.version)])
            }
            return Response(status: .ok, contentType: "application/json", bytes: pipeline.jsonBytes, headers: ["ETag": EntityTag.value(pipeline.version)])
        }
        router.add(HTTPMethod.put, "/v1/pipeline", area: .deals) { request, context in
            let pipeline = try await service.replacePipeline(try await request.jsonObject(), ifMatch: EntityTag.requiredVersion(request),
                                                             actor: ContactsRoutes.actor(context), requestId: context.requestId)
            return Response(status: .ok, contentType: "application/json", bytes: pipeline.jsonBytes, headers: ["ETag": EntityTag.value(pipeline.version)])
        }
        router.add(HTTPMethod.post, "/v1/deals", area: .deals) { request, context in
            let deal = try await service.create(try await request.jsonObject(), actor: ContactsRoutes.actor(context), requestId: context.requestId)
            var response = json(deal, service: service, status: .created)
            response.headers.set("Location", "/v1/deals/\(deal.id)")
            return response
        }
        router.add(HTTPMethod.get, "/v1/deals", area: .deals) { _, context in
            let page = service.list(try DealListQuery(context.query))
            let pipeline = service.pipeline
            var writer = JSONWriter(reservingCapacity: 400 * max(1, page.data.count))
            writer.page(page) { writer, deal in deal.write(to: &writer, probability: pipeline.stage(deal.stage)?.probability) }
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
        router.add(HTTPMethod.get, "/v1/deals/{id}", area: .deals) { request, context in
            let deal = try service.deal(context.parameter("id"))
            if EntityTag.isNotModified(request, version: deal.version) {
                return Response(status: .notModified, headers: ["ETag": EntityTag.value(deal.version)])
            }
            return json(deal, service: service, status: .ok)
        }
        router.add(HTTPMethod.get, "/v1/deals/{id}/history", area: .deals) { _, context in
            let page = try service.history(context.parameter("id"), query: context.query)
            var writer = JSONWriter(reservingCapacity: 256 * max(1, page.data.count))
            writer.page(page) { writer, entry in entry.write(to: &writer) }
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
        router.add(HTTPMethod.patch, "/v1/deals/{id}", area: .deals) { request, context in
            let patch = try await request.jsonObject(accepting: Request.mergePatchMediaTypes)
            let deal = try await service.update(context.parameter("id"), patch: patch, ifMatch: EntityTag.requiredVersion(request),
                                                actor: ContactsRoutes.actor(context), requestId: context.requestId)
            return json(deal, service: service, status: .ok)
        }
        router.add(HTTPMethod.delete, "/v1/deals/{id}", area: .deals) { request, context in
            try await service.delete(context.parameter("id"), ifMatch: EntityTag.requiredVersion(request),
                                     actor: ContactsRoutes.actor(context), requestId: context.requestId)
            return Response(status: .noContent)
        }
    }

    static func json(_ deal: Deal, service: DealsService, status: HTTPStatus) -> Response {
        var writer = JSONWriter(reservingCapacity: 512)
        deal.write(to: &writer, probability: service.pipeline.stage(deal.stage)?.probability)
        return Response(status: status, contentType: "application/json", bytes: writer.bytes, headers: ["ETag": EntityTag.value(deal.version)])
    }
}

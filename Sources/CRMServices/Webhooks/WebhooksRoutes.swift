import CRMHTTP
import CRMModel
import CRMRouter

/// `POST|GET /v1/webhooks`, `GET|PATCH|DELETE /v1/webhooks/{id}`, `GET /v1/webhooks/{id}/deliveries`,
/// `POST /v1/webhooks/{id}/test` (sync area).
public enum WebhooksRoutes {
    public static func register(on router: inout Router, service: WebhooksService) {
        router.add(HTTPMethod.post, "/v1/webhooks", area: .sync) { request, context in
            let hook = try await service.create(try await request.jsonObject(), actor: actor(context), requestId: context.requestId)
            var response = json(hook, status: .created, includingSecret: true)
            response.headers.set("Location", "/v1/webhooks/\(hook.id)")
            response.headers.set("Cache-Control", "no-store")
            return response
        }
        router.add(HTTPMethod.get, "/v1/webhooks", area: .sync) { _, context in
            let page = try service.list(context.query)
            var writer = JSONWriter(reservingCapacity: 512 * max(1, page.data.count))
            writer.page(page) { writer, hook in hook.write(to: &writer) }
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
        router.add(HTTPMethod.get, "/v1/webhooks/{id}", area: .sync) { request, context in
            let hook = try service.webhook(context.parameter("id"))
            if EntityTag.isNotModified(request, version: hook.version) {
                return Response(status: .notModified, headers: ["ETag": EntityTag.value(hook.version)])
            }
            return json(hook, status: .ok)
        }
        router.add(HTTPMethod.patch, "/v1/webhooks/{id}", area: .sync) { request, context in
            let patch = try await request.jsonObject(accepting: Request.mergePatchMediaTypes)
            let hook = try await service.update(context.parameter("id"), patch: patch, ifMatch: EntityTag.requiredVersion(request),
                                                actor: actor(context), requestId: context.requestId)
            return json(hook, status: .ok)
        }
        router.add(HTTPMethod.delete, "/v1/webhooks/{id}", area: .sync) { request, context in
            try await service.delete(context.parameter("id"), ifMatch: EntityTag.requiredVersion(request), actor: actor(context),
                                     requestId: context.requestId)
            return Response(status: .noContent)
        }
        router.add(HTTPMethod.get, "/v1/webhooks/{id}/deliveries", area: .sync) { _, context in
            let page = try service.deliveries(context.parameter("id"), query: context.query)
            var writer = JSONWriter(reservingCapacity: 1024 * max(1, page.data.count))
            writer.page(page) { writer, delivery in delivery.write(to: &writer) }
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
        router.add(HTTPMethod.post, "/v1/webhooks/{id}/test", area: .sync) { _, context in
            let delivery = try await service.test(context.parameter("id"), actor: actor(context), requestId: context.requestId)
            var writer = JSONWriter(reservingCapacity: 1024)
            delivery.write(to: &writer)
            return Response(status: .accepted, contentType: "application/json", bytes: writer.bytes)
        }
    }

    static func json(_ hook: Webhook, status: HTTPStatus, includingSecret: Bool = false) -> Response {
        Response(status: status, contentType: "application/json", bytes: hook.jsonBytes(includingSecret: includingSecret),
                 headers: ["ETag": EntityTag.value(hook.version)])
    }

    static func actor(_ context: RequestContext) -> String {
        context.principal?.keyId ?? "anonymous"
    }
}

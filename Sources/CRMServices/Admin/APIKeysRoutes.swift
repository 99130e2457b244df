import CRMHTTP
import CRMModel
import CRMRouter

/// `POST|GET /v1/admin/api-keys`, `DELETE /v1/admin/api-keys/{id}` (admin only).
public enum APIKeysRoutes {
    public static func register(on router: inout Router, service: APIKeysService) {
        router.add(HTTPMethod.post, "/v1/admin/api-keys", area: .admin) { request, context in
            let body = try await request.jsonObject()
            let input = try APIKey.readRequest(body)
            let created = try await service.create(name: input.name, role: input.role, actor: context.principal?.keyId ?? "anonymous",
                                                   requestId: context.requestId)
            var writer = JSONWriter(reservingCapacity: 384)
            created.key.write(to: &writer, secret: created.secret)
            var response = Response(status: .created, contentType: "application/json", bytes: writer.bytes)
            response.headers.set("Location", "/v1/admin/api-keys/\(created.key.id)")
            response.headers.set("Cache-Control", "no-store")
            return response
        }
        router.add(HTTPMethod.get, "/v1/admin/api-keys", area: .admin) { _, _ in
            var writer = JSONWriter(reservingCapacity: 4096)
            writer.beginObject()
            writer.field("data", service.keys) { writer, key in key.write(to: &writer) }
            writer.endObject()
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
        router.add(HTTPMethod.delete, "/v1/admin/api-keys/{id}", area: .admin) { _, context in
            try await service.revoke(context.parameter("id"), actor: context.principal?.keyId ?? "anonymous", requestId: context.requestId)
            return Response(status: .noContent)
        }
    }
}

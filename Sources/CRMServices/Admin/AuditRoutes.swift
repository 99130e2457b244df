import CRMHTTP
import CRMModel
import CRMRouter

/// `GET /v1/audit` (admin).
public enum AuditRoutes {
    public static func register(on router: inout Router, trail: AuditTrail) {
        router.add(HTTPMethod.get, "/v1/audit", area: .admin) { _, context in
            let page = try trail.page(try AuditQuery(context.query))
            var writer = JSONWriter(reservingCapacity: 160 * max(1, page.data.count))
            writer.page(page) { writer, entry in entry.write(to: &writer) }
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
    }
}

import CRMHTTP
import CRMModel
import CRMRouter

/// `GET /health` (the process answers), `GET /ready` (the store is loaded and writable), and the
/// benchmark route `GET /bench/json` when enabled.
public enum SystemRoutes {
    public static func register(on router: inout Router, isReady: @escaping @Sendable () -> (Bool, String), benchRoutes: Bool) {
        router.add(HTTPMethod.get, "/health", area: nil) { _, _ in .text("ok") }
        router.add(HTTPMethod.get, "/ready", area: nil) { _, _ in
            let (ready, reason) = isReady()
            var writer = JSONWriter()
            writer.beginObject()
            writer.key("status"); writer.string(ready ? "ready" : "unavailable")
            writer.key("detail"); writer.string(reason)
            writer.endObject()
            return Response(status: ready ? .ok : .serviceUnavailable, contentType: "application/json", bytes: writer.bytes)
        }
        if benchRoutes {
            router.add(HTTPMethod.get, "/bench/json", area: nil) { _, _ in
                Response(status: .ok, contentType: "application/json", bytes: benchContact())
            }
        }
    }

    /// A ~300-byte contact encoded per request, the same object the Hummingbird reference encodes.
    static func benchContact() -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 384)
        writer.beginObject()
        writer.key("id"); writer.string("ct_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X")
        writer.key("email"); writer.string("anna.lee@example.com")
        writer.key("firstName"); writer.string("Anna")
        writer.key("lastName"); writer.string("Lee")
        writer.key("phone"); writer.string("+14155550123")
        writer.key("company"); writer.string("Example Corp")
        writer.key("title"); writer.string("Head of Operations")
        writer.key("lifecycleStage"); writer.string("customer")
        writer.key("tags"); writer.beginArray(); writer.string("vip"); writer.string("newsletter"); writer.endArray()
        writer.key("leadScore"); writer.int(72)
        writer.key("createdAt"); writer.string("2026-11-22T11:38:39.123Z")
        writer.key("updatedAt"); writer.string("2026-11-22T11:38:39.123Z")
        writer.key("version"); writer.int(3)
        writer.endObject()
        return writer.bytes
    }
}

import CRMHTTP
import CRMRouter
import Synchronization

/// `GET /metrics`: the Prometheus text exposition. Without a key, and only to clients on loopback
/// unless `--metrics-public` says otherwise (403 then).
enum MetricsRoutes {
    static func register(on router: inout Router, metrics: ServerMetrics, isPublic: Bool,
                         snapshot: @escaping @Sendable () -> ServerMetrics.Snapshot) {
        router.add(HTTPMethod.get, "/metrics", area: nil) { _, context in
            guard isPublic || isLoopback(context.client.address) else {
                throw Problem(status: .forbidden, type: ProblemType.forbidden,
                              detail: "Metrics are served to loopback clients only; start the server with --metrics-public to change that.")
            }
            return Response(status: .ok, contentType: "text/plain; version=0.0.4; charset=utf-8", bytes: metrics.exposition(snapshot()))
        }
    }

    static func isLoopback(_ address: String) -> Bool {
        address == "::1" || address.hasPrefix("127.") || address.hasPrefix("::ffff:127.")
    }
}

/// The server, once built (the metrics route is registered before it exists).
final class ServerBox: Sendable {
    private let stored = Mutex<HTTPServer?>(nil)
    var server: HTTPServer? {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}

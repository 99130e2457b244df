import CRMHTTP
import Logging

/// Sets `X-Request-Id` on every answer and logs one line per request: method, route, status, ms.
/// Never logs header values (keys stay secret) or bodies.
public struct AccessLogMiddleware: Middleware {
    let logger: Logger
    /// Called with route label, method, status and duration (metrics hook).
    let observe: (@Sendable (String, String, Int, Duration) -> Void)?

    public init(logger: Logger, observe: (@Sendable (String, String, Int, Duration) -> Void)? = nil) {
        self.logger = logger
        self.observe = observe
    }

    public func handle(_ request: Request, context: RequestContext, next: Handler) async throws -> Response {
        let start = ContinuousClock.now
        var response = try await next(request, context)
        response.headers.set("X-Request-Id", context.requestId)
        let elapsed = ContinuousClock.now - start
        let route = context.route ?? "unmatched"
        observe?(route, request.method, response.status.code, elapsed)
        if logger.logLevel <= .info {
            let entry = AccessLogEntry(method: request.method, route: route, status: response.status.code, duration: elapsed,
                                       peer: context.client.peer, requestId: context.requestId)
            logger.info("request", metadata: ["request": .stringConvertible(entry)])
        }
        return response
    }
}

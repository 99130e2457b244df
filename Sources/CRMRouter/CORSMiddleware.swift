import CRMHTTP

/// CORS for browser frontends on the configured origins (SPEC §1): the request's `Origin` is echoed
/// only when listed (never an arbitrary origin), with `Vary: Origin`. A preflight is answered 204 before
/// authentication, since browsers send no key with it. `*` is honoured only as a literal wildcard and
/// then never with credentials (keys travel in `Authorization`, not cookies).
public struct CORSMiddleware: Middleware {
    let origins: Set<String>
    let allowsAnyOrigin: Bool

    static let allowedHeaders = "Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, X-Request-Id"
    static let exposedHeaders = "ETag, Location, X-Request-Id, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Idempotent-Replayed"

    public init(origins: [String]) {
        self.origins = Set(origins.filter { $0 != "*" })
        self.allowsAnyOrigin = origins.contains("*")
    }

    public func handle(_ request: Request, context: RequestContext, next: Handler) async throws -> Response {
        guard let origin = request.fields["Origin"] else { return try await next(request, context) }
        let allowed = allowsAnyOrigin || origins.contains(origin)
        let isPreflight = request.method == "OPTIONS" && request.fields["Access-Control-Request-Method"] != nil
        if isPreflight {
            var response = Response(status: .noContent)
            response.headers.set("Vary", "Origin")
            guard allowed, let matched = context.match else { return response }
            response.headers.set("Access-Control-Allow-Origin", allowsAnyOrigin ? "*" : origin)
            response.headers.set("Access-Control-Allow-Methods", matched.allowed.joined(separator: ", "))
            response.headers.set("Access-Control-Allow-Headers", CORSMiddleware.allowedHeaders)
            response.headers.set("Access-Control-Max-Age", "600")
            return response
        }
        var response = try await next(request, context)
        response.headers.append("Vary", "Origin")
        if allowed {
            response.headers.set("Access-Control-Allow-Origin", allowsAnyOrigin ? "*" : origin)
            response.headers.set("Access-Control-Expose-Headers", CORSMiddleware.exposedHeaders)
        }
        return response
    }
}

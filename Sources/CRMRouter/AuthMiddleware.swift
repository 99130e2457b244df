import CRMHTTP

/// Looks up bearer keys; implemented by the key store.
public protocol Authenticator: Sendable {
    /// The caller a presented key belongs to, or nil for an unknown or revoked key.
    func principal(forKey key: String) -> Principal?
}

/// `Authorization: Bearer <key>` on every non-public route: 401 with `WWW-Authenticate` when the key
/// is missing or unknown, 403 when its role does not cover the route's permission.
public struct AuthMiddleware: Middleware {
    let authenticator: any Authenticator

    public init(authenticator: any Authenticator) {
        self.authenticator = authenticator
    }

    public func handle(_ request: Request, context: RequestContext, next: Handler) async throws -> Response {
        guard !context.permission.isPublic else { return try await next(request, context) }
        guard let key = AuthMiddleware.bearerToken(request.fields["Authorization"]) else {
            throw Problem(status: .unauthorized, type: ProblemType.unauthorized,
                          detail: "Send an API key as 'Authorization: Bearer <key>'.",
                          headers: ["WWW-Authenticate": "Bearer realm=\"crm\""])
        }
        guard let principal = authenticator.principal(forKey: key) else {
            throw Problem(status: .unauthorized, type: ProblemType.unauthorized, detail: "The API key is not valid.",
                          headers: ["WWW-Authenticate": "Bearer realm=\"crm\", error=\"invalid_token\""])
        }
        guard principal.role.allows(context.permission) else {
            let area = context.permission.area?.rawValue ?? "this resource"
            throw Problem(status: .forbidden, type: ProblemType.forbidden,
                          detail: "The role '\(principal.role.rawValue)' may not \(context.permission.access.rawValue) \(area).")
        }
        var context = context
        context.principal = principal
        return try await next(request, context)
    }

    static func bearerToken(_ header: String?) -> String? {
        guard let header, header.count > 7, header.prefix(7).equalsIgnoringASCIICase("Bearer ") else { return nil }
        let token = header.dropFirst(7).trimmingASCIISpaces()
        return token.isEmpty ? nil : String(token)
    }
}

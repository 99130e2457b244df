import CRMHTTP

/// Who is calling, how to reach them, and what the router learned about the request.
public struct RequestContext: Sendable {
    /// The `X-Request-Id` of this exchange (the client's when it sent a sane one).
    public var requestId: String
    public var client: ClientInfo
    /// The matched route's template (`/v1/contacts/{id}`), or nil when no route matched.
    public var route: String?
    public var permission: Permission
    public var pathParameters: [String: String] = [:]
    public var query: QueryParameters
    /// The authenticated caller; nil on public routes.
    public var principal: Principal?
    var match: RouteMatch?
    /// A malformed query string, thrown once the middleware has run (boxed: rarely set, large).
    var queryProblem: Box<Problem>?

    public init(requestId: String, client: ClientInfo, route: String?, permission: Permission, query: QueryParameters) {
        self.requestId = requestId
        self.client = client
        self.route = route
        self.permission = permission
        self.query = query
    }

    /// A path parameter the route template guarantees.
    public func parameter(_ name: String) -> String {
        pathParameters[name] ?? ""
    }
}

/// An authenticated caller: the key's id (recorded as the actor of every change) and its role.
public struct Principal: Sendable, Equatable {
    public var keyId: String
    public var role: Role

    public init(keyId: String, role: Role) {
        self.keyId = keyId
        self.role = role
    }
}

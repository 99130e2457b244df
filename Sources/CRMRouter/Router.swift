import CRMHTTP

/// What a route runs: the request and its context in, a response out; a thrown `Problem` becomes
/// a problem response (any other error a 500 that leaks nothing).
public typealias Handler = @Sendable (Request, RequestContext) async throws -> Response

/// Collects routes and middleware, then freezes them into a `RouteTable` responder.
///
/// ```swift
/// var router = Router()
/// router.add(.get, "/v1/contacts/{id}", area: .contacts) { request, context in ... }
/// let responder = router.freeze(middleware: [...])
/// ```
public struct Router {
    public struct Route: Sendable {
        public var method: String
        public var pattern: RoutePattern
        public var permission: Permission
        public var body: BodyDisposition?
        public var handler: Handler
    }

    public private(set) var routes: [Route] = []

    public init() {}

    /// Adds a route. `area: nil` makes it public; reads are GET/HEAD unless `access` says otherwise.
    /// `body` overrides the default collected-body cap (e.g. `.stream` for imports).
    public mutating func add(_ method: String, _ template: String, area: Permission.Area?,
                             access: Permission.Access? = nil, body: BodyDisposition? = nil,
                             handler: @escaping Handler) {
        let access = access ?? ((method == "GET" || method == "HEAD") ? .read : .write)
        routes.append(Route(method: method, pattern: RoutePattern(template),
                            permission: Permission(area: area, access: access), body: body, handler: handler))
    }

    /// The routes as a responder, with `middleware` wrapped around every handler (first = outermost).
    public func freeze(middleware: [any Middleware], maxBodyBytes: Int) -> RouteTable {
        RouteTable(routes: routes, middleware: middleware, maxBodyBytes: maxBodyBytes)
    }
}

/// Something wrapped around every handler: it may answer itself or call `next`.
public protocol Middleware: Sendable {
    func handle(_ request: Request, context: RequestContext, next: Handler) async throws -> Response
}

public enum HTTPMethod {
    public static let get = "GET"
    public static let head = "HEAD"
    public static let post = "POST"
    public static let put = "PUT"
    public static let patch = "PATCH"
    public static let delete = "DELETE"
    public static let options = "OPTIONS"
}

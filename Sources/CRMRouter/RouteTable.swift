import CRMHTTP

/// The frozen routes: a tree of path segments, then the method. An unknown path is 404; a known path
/// with another method is 405 with `Allow`. HEAD runs GET's handler (the connection drops the body)
/// and OPTIONS answers `Allow` by itself. Middleware wraps every outcome, 404s included.
public final class RouteTable: Responder {
    private final class Node: @unchecked Sendable {
        var literals: [String: Node] = [:]
        var parameter: (name: String, node: Node)?
        var routes: [String: Router.Route] = [:]
    }

    private let root = Node()
    private let maxBodyBytes: Int
    private let chain: Handler

    init(routes: [Router.Route], middleware: [any Middleware], maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
        // A plain loop, not `reduce`: closures that pass through a generic function are stored
        // reabstracted, and every call then went through thunks with frames of their own.
        var chain: Handler = RouteTable.dispatch
        for layer in middleware.reversed() {
            let next = chain
            chain = { request, context in try await layer.handle(request, context: context, next: next) }
        }
        self.chain = chain
        for route in routes { insert(route) }
    }

    private func insert(_ route: Router.Route) {
        var node = root
        for segment in route.pattern.segments {
            switch segment {
            case .literal(let text):
                let next = node.literals[text] ?? Node()
                node.literals[text] = next
                node = next
            case .parameter(let name):
                let next = node.parameter?.node ?? Node()
                node.parameter = (name, next)
                node = next
            }
        }
        node.routes[route.method] = route
    }

    func match(method: String, path: Substring) -> RouteMatch? {
        var node = root
        var parameters: [String: String] = [:]
        var rest = path.utf8[...]
        while !rest.isEmpty {
            // Walk one segment (empty segments from `//` are skipped).
            let end = rest.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
            let raw = Substring(rest[rest.startIndex..<end])
            rest = end == rest.endIndex ? rest[end...] : rest[rest.index(after: end)...]
            if raw.isEmpty { continue }
            if let next = node.literals[String(raw)] {
                node = next
            } else if let (name, next) = node.parameter, let value = PercentDecoding.decode(raw), !value.isEmpty {
                parameters[name] = value
                node = next
            } else {
                return nil
            }
        }
        guard let any = node.routes.values.first else { return nil }
        let route = node.routes[method] ?? (method == "HEAD" ? node.routes["GET"] : nil)
        return RouteMatch(route: route, template: any.pattern.description,
                          permission: route?.permission ?? Permission(area: any.permission.area, access: .read),
                          routesOnPath: node.routes, parameters: parameters)
    }

    public func bodyDisposition(for head: RequestHead) -> BodyDisposition {
        match(method: head.method, path: head.path)?.route?.body ?? .collect(limit: maxBodyBytes)
    }

    public func respond(to request: Request, from client: ClientInfo) async -> Response {
        let matched = match(method: request.method, path: request.head.path)
        var context = RequestContext(requestId: RequestID.accept(request.fields["X-Request-Id"]), client: client,
                                     route: matched?.template, permission: matched?.permission ?? RouteTable.unmatchedPermission(request.head.path),
                                     query: QueryParameters())
        context.match = matched
        context.pathParameters = matched?.parameters ?? [:]
        do {
            context.query = try QueryParameters(parsing: request.head.query)
        } catch {
            context.queryProblem = Box(error)
        }
        do {
            return try await chain(request, context)
        } catch {
            // Middleware normally maps every error; this is the last guard.
            return Problem(status: .internalServerError, type: ProblemType.internalError,
                           detail: "The server could not complete the request.").response
        }
    }

    /// Unknown paths under `/v1` still need a key (their 404 tells nothing to strangers); others are public.
    static func unmatchedPermission(_ path: Substring) -> Permission {
        path == "/v1" || path.hasPrefix("/v1/") ? Permission(area: .anyKey, access: .read) : .unauthenticated
    }

    /// The innermost step: a query problem, 404, OPTIONS/405, or the route's handler.
    private static let dispatch: Handler = { request, context in
        if let problem = context.queryProblem { throw problem.value }
        guard let matched = context.match else {
            throw Problem.notFound("No resource at \(request.head.path).")
        }
        if let route = matched.route { return try await route.handler(request, context) }
        var headers = HTTPFields()
        headers.set("Allow", matched.allowed.joined(separator: ", "))
        if request.method == "OPTIONS" { return Response(status: .noContent, headers: headers) }
        throw Problem(status: .methodNotAllowed, type: ProblemType.methodNotAllowed,
                      detail: "\(request.method) is not allowed on \(matched.template).", headers: headers)
    }
}

/// What the route table found for a request path.
///
/// A class: `RequestContext` is copied into the async frame of every middleware, and a reference
/// keeps that frame small (the task then allocates fewer frame slabs per request).
final class RouteMatch: Sendable {
    let route: Router.Route?
    let template: String
    let permission: Permission
    /// Every route registered on the path, by method.
    let routesOnPath: [String: Router.Route]
    let parameters: [String: String]

    init(route: Router.Route?, template: String, permission: Permission, routesOnPath: [String: Router.Route],
         parameters: [String: String]) {
        self.route = route
        self.template = template
        self.permission = permission
        self.routesOnPath = routesOnPath
        self.parameters = parameters
    }

    /// The methods registered on the path.
    var methods: Dictionary<String, Router.Route>.Keys { routesOnPath.keys }

    /// The `Allow` list: the registered methods, HEAD with GET, and OPTIONS.
    var allowed: [String] {
        var allowed = Set(methods)
        if allowed.contains("GET") { allowed.insert("HEAD") }
        allowed.insert("OPTIONS")
        return allowed.sorted()
    }
}

/// An immutable value behind a reference, to keep large rarely-set fields out of `RequestContext`'s
/// inline storage.
final class Box<Value: Sendable>: Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

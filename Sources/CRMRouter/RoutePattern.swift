/// A path template such as `/v1/contacts/{id}/interactions`: literal segments and named parameters.
public struct RoutePattern: Sendable, Hashable, CustomStringConvertible {
    public enum Segment: Sendable, Hashable {
        case literal(String)
        case parameter(String)
    }

    public let segments: [Segment]
    /// The template as written, used as the route label in logs and metrics.
    public let description: String

    public init(_ template: String) {
        description = template
        segments = template.split(separator: "/").map { part in
            if part.hasPrefix("{") && part.hasSuffix("}") {
                return .parameter(String(part.dropFirst().dropLast()))
            }
            return .literal(String(part))
        }
    }
}

/// The access a route needs: which area of the CRM and whether it reads or changes it.
public struct Permission: Sendable, Hashable {
    public enum Area: String, Sendable, CaseIterable {
        case contacts, tickets, deals, campaigns, segments, analytics, sync, admin
        /// Any valid key will do (e.g. an unknown path under `/v1`, answered 404 after authentication).
        case anyKey
    }

    public enum Access: String, Sendable { case read, write }

    public var area: Area?
    public var access: Access

    /// Open to everyone, no key needed (`/health`, tracking links).
    public static let unauthenticated = Permission(area: nil, access: .read)

    public init(area: Area?, access: Access) {
        self.area = area
        self.access = access
    }

    public var isPublic: Bool { area == nil }
}

/// The roles of SPEC §2 and what each may do: the one table `openapi.yaml` mirrors.
public enum Role: String, Sendable, CaseIterable {
    case admin, agent, marketer, analyst, readonly

    public func allows(_ permission: Permission) -> Bool {
        guard let area = permission.area, area != .anyKey else { return true }
        let isRead = permission.access == .read
        switch self {
        case .admin:
            return true
        case .agent:
            switch area {
            case .contacts, .tickets, .deals, .sync: return true
            case .campaigns, .segments: return isRead
            case .analytics, .admin, .anyKey: return false
            }
        case .marketer:
            switch area {
            case .contacts, .segments, .campaigns: return true
            case .analytics, .sync: return isRead
            case .tickets, .deals, .admin, .anyKey: return false
            }
        case .analyst:
            return isRead && area != .admin
        case .readonly:
            return isRead && area != .admin
        }
    }
}

import CRMTestSupport
import Foundation
import Testing

/// Persistent API keys, the role × route matrix over every route `openapi.yaml` lists, revocation,
/// and the audit trail — over real sockets.
@Suite struct APIKeysAndRolesTests {
    static func json(_ response: RawResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    /// Which areas each role may read and write (SPEC §2), written out here independently of the
    /// server's own table.
    static let allowed: [String: (read: Set<String>, write: Set<String>)] = [
        "admin": (["contacts", "tickets", "deals", "segments", "campaigns", "analytics", "sync", "admin"],
                  ["contacts", "tickets", "deals", "segments", "campaigns", "analytics", "sync", "admin"]),
        "agent": (["contacts", "tickets", "deals", "segments", "campaigns", "sync"], ["contacts", "tickets", "deals", "sync"]),
        "marketer": (["contacts", "segments", "campaigns", "analytics", "sync"], ["contacts", "segments", "campaigns"]),
        "analyst": (["contacts", "tickets", "deals", "segments", "campaigns", "analytics", "sync"], []),
        "readonly": (["contacts", "tickets", "deals", "segments", "campaigns", "analytics", "sync"], []),
    ]

    /// Every authenticated route with its area. The test fails when openapi.yaml lists a route that
    /// is missing here, so new routes join the matrix.
    static let routes: [(method: String, path: String, area: String)] = [
        ("POST", "/v1/contacts", "contacts"), ("GET", "/v1/contacts", "contacts"),
        ("POST", "/v1/contacts/batch", "contacts"),
        ("POST", "/v1/contacts/import", "contacts"), ("GET", "/v1/contacts/export", "contacts"),
        ("GET", "/v1/contacts/{id}", "contacts"), ("PATCH", "/v1/contacts/{id}", "contacts"),
        ("DELETE", "/v1/contacts/{id}", "contacts"),
        ("GET", "/v1/contacts/{id}/history", "contacts"), ("GET", "/v1/contacts/{id}/export", "contacts"),
        ("POST", "/v1/contacts/{id}/erase", "admin"),
        ("POST", "/v1/contacts/{id}/interactions", "contacts"), ("GET", "/v1/contacts/{id}/interactions", "contacts"),
        ("GET", "/v1/interactions", "contacts"), ("GET", "/v1/interactions/{id}", "contacts"),
        ("POST", "/v1/admin/api-keys", "admin"), ("GET", "/v1/admin/api-keys", "admin"),
        ("DELETE", "/v1/admin/api-keys/{id}", "admin"),
        ("GET", "/v1/audit", "admin"),
        ("POST", "/v1/admin/compact", "admin"), ("POST", "/v1/admin/backup", "admin"),
        ("GET", "/v1/changes", "sync"),
        ("GET", "/v1/contacts/duplicates", "contacts"), ("POST", "/v1/contacts/{id}/merge", "contacts"),
        ("GET", "/v1/contacts/{id}/timeline", "contacts"),
        ("POST", "/v1/webhooks", "sync"), ("GET", "/v1/webhooks", "sync"),
        ("GET", "/v1/webhooks/{id}", "sync"), ("PATCH", "/v1/webhooks/{id}", "sync"), ("DELETE", "/v1/webhooks/{id}", "sync"),
        ("GET", "/v1/webhooks/{id}/deliveries", "sync"), ("POST", "/v1/webhooks/{id}/test", "sync"),
        ("GET", "/v1/pipeline", "deals"), ("PUT", "/v1/pipeline", "deals"),
        ("POST", "/v1/deals", "deals"), ("GET", "/v1/deals", "deals"),
        ("GET", "/v1/deals/{id}", "deals"), ("PATCH", "/v1/deals/{id}", "deals"), ("DELETE", "/v1/deals/{id}", "deals"),
        ("GET", "/v1/deals/{id}/history", "deals"),
        ("GET", "/v1/analytics/dashboard", "analytics"), ("GET", "/v1/analytics/rfm", "analytics"), ("GET", "/v1/analytics/churn", "analytics"),
        ("GET", "/v1/analytics/ltv", "analytics"), ("GET", "/v1/analytics/cohorts", "analytics"), ("GET", "/v1/analytics/funnel", "analytics"),
        ("GET", "/v1/analytics/revenue", "analytics"), ("GET", "/v1/analytics/forecast", "analytics"), ("GET", "/v1/analytics/sales", "analytics"),
        ("GET", "/v1/analytics/tickets", "analytics"), ("GET", "/v1/analytics/campaigns", "analytics"),
        ("GET", "/v1/contacts/{id}/recommendations", "analytics"),
        ("POST", "/v1/tickets", "tickets"), ("GET", "/v1/tickets", "tickets"),
        ("GET", "/v1/tickets/{id}", "tickets"), ("PATCH", "/v1/tickets/{id}", "tickets"), ("DELETE", "/v1/tickets/{id}", "tickets"),
        ("POST", "/v1/tickets/{id}/comments", "tickets"), ("GET", "/v1/tickets/{id}/comments", "tickets"),
        ("GET", "/v1/tickets/{id}/comments/{commentId}", "tickets"), ("POST", "/v1/tickets/{id}/satisfaction", "tickets"),
        ("GET", "/v1/tickets/{id}/history", "tickets"),
        ("POST", "/v1/agents", "tickets"), ("GET", "/v1/agents", "tickets"),
        ("GET", "/v1/agents/{id}", "tickets"), ("PATCH", "/v1/agents/{id}", "tickets"),
        ("GET", "/v1/sla-policies", "tickets"), ("PUT", "/v1/sla-policies", "tickets"),
        ("POST", "/v1/segments", "segments"), ("GET", "/v1/segments", "segments"), ("GET", "/v1/segments/{id}", "segments"),
        ("PATCH", "/v1/segments/{id}", "segments"), ("DELETE", "/v1/segments/{id}", "segments"),
        ("GET", "/v1/segments/{id}/contacts", "segments"),
        ("POST", "/v1/campaigns", "campaigns"), ("GET", "/v1/campaigns", "campaigns"), ("GET", "/v1/campaigns/{id}", "campaigns"),
        ("PATCH", "/v1/campaigns/{id}", "campaigns"), ("DELETE", "/v1/campaigns/{id}", "campaigns"),
        ("POST", "/v1/campaigns/{id}/launch", "campaigns"), ("POST", "/v1/campaigns/{id}/cancel", "campaigns"),
        ("GET", "/v1/campaigns/{id}/history", "campaigns"), ("GET", "/v1/campaigns/{id}/deliveries", "campaigns"),
        ("GET", "/v1/campaigns/{id}/stats", "campaigns"), ("POST", "/v1/campaigns/{id}/events", "campaigns"),
        ("POST", "/v1/outbox/claim", "campaigns"), ("POST", "/v1/outbox/{id}/result", "campaigns"),
    ]

    /// The (method, path) pairs under /v1 in openapi.yaml.
    static func documentedRoutes() throws -> Set<String> {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../openapi.yaml")
        var found = Set<String>()
        var path: String?
        for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let current = path, current.hasPrefix("/v1"),
                      let method = ["get", "post", "patch", "put", "delete"].first(where: { line == "    \($0):" }) {
                found.insert("\(method.uppercased()) \(current)")
            }
        }
        return found
    }

    static func createKey(_ server: TestServer, role: String) throws -> (id: String, secret: String) {
        let created = try server.request("POST", "/v1/admin/api-keys", body: #"{"name":"\#(role) key","role":"\#(role)"}"#)
        #expect(created.status == 201)
        let body = json(created)
        return (body["id"] as? String ?? "", body["key"] as? String ?? "")
    }

    @Test func everyRoleGetsExactlyItsRoutes() async throws {
        try await offPool { () throws -> Void in
            #expect(try Self.documentedRoutes() == Set(Self.routes.map { "\($0.method) \($0.path)" }), "openapi.yaml and the matrix differ")
            let server = try TestServer()
            var failures: [String] = []
            for (role, rights) in Self.allowed.sorted(by: { $0.key < $1.key }) {
                let key = try Self.createKey(server, role: role).secret
                for route in Self.routes {
                    let isRead = route.method == "GET"
                    let expected = isRead ? rights.read.contains(route.area) : rights.write.contains(route.area)
                    let path = route.path.replacingOccurrences(of: "{id}", with: "ct_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X")
                    let status = try server.request(route.method, path, key: key, body: route.method == "GET" || route.method == "DELETE" ? nil : "{}").status
                    if status == 401 || (status == 403) == expected {
                        failures.append("\(role) \(route.method) \(route.path): \(status), expected \(expected ? "allowed" : "403")")
                    }
                }
            }
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        }
    }

    @Test func keysAreShownOnceSurviveRestartsAndRevokeAtOnce() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let agent = try Self.createKey(server, role: "agent")
            #expect(agent.secret.hasPrefix("crm_") && agent.secret.count == 44)
            let listing = try server.request("GET", "/v1/admin/api-keys")
            #expect(!String(decoding: listing.body, as: UTF8.self).contains(agent.secret))
            let listed = Self.json(listing)["data"] as? [[String: Any]] ?? []
            #expect(listed.first?["prefix"] as? String == String(agent.secret.prefix(8)))
            #expect(listed.first?["key"] == nil)
            #expect(try server.request("POST", "/v1/admin/api-keys", body: #"{"name":"x","role":"owner"}"#).status == 422)
            #expect(try server.request("POST", "/v1/admin/api-keys", body: #"{"name":"x","role":"admin","digest":"00"}"#).status == 422)

            try server.restart()
            #expect(try server.request("GET", "/v1/contacts", key: agent.secret).status == 200)
            #expect(try server.request("DELETE", "/v1/admin/api-keys/\(agent.id)").status == 204)
            #expect(try server.request("GET", "/v1/contacts", key: agent.secret).status == 401)
            #expect(try server.request("DELETE", "/v1/admin/api-keys/\(agent.id)").status == 404)
            // The digest, never the secret, is what reaches the disk.
            for name in try FileManager.default.contentsOfDirectory(atPath: server.dataDirectory.path) where name.hasSuffix(".jsonl") {
                let bytes = try Data(contentsOf: server.dataDirectory.appendingPathComponent(name))
                #expect(bytes.range(of: Data(agent.secret.utf8)) == nil)
            }
        }
    }

    @Test func theAuditTrailShowsWhoChangedWhat() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let agent = try Self.createKey(server, role: "agent")
            let created = try server.request("POST", "/v1/contacts", key: agent.secret, headers: ["X-Request-Id": "req-create-1"],
                                             body: #"{"email":"audited@example.com"}"#)
            let id = Self.json(created)["id"] as? String ?? ""
            #expect(try server.request("PATCH", "/v1/contacts/\(id)", body: #"{"title":"CFO"}"#).status == 200)
            #expect(try server.request("DELETE", "/v1/contacts/\(id)", key: agent.secret).status == 204)

            let byEntity = Self.json(try server.request("GET", "/v1/audit?entityId=\(id)"))["data"] as? [[String: Any]] ?? []
            #expect(byEntity.map { $0["op"] as? String } == ["put", "put", "delete"])
            #expect(byEntity.map { $0["actor"] as? String } == [agent.id, "key_admin", agent.id])
            #expect(byEntity.first?["requestId"] as? String == "req-create-1")
            let byActor = Self.json(try server.request("GET", "/v1/audit?actor=\(agent.id)&type=contact"))["data"] as? [[String: Any]] ?? []
            #expect(byActor.count == 2)
            let future = Self.json(try server.request("GET", "/v1/audit?since=2999-01-01T00:00:00Z"))["data"] as? [Any]
            #expect(future?.isEmpty == true)
            let paged = Self.json(try server.request("GET", "/v1/audit?limit=1"))
            #expect((paged["data"] as? [Any])?.count == 1)
            #expect(paged["nextCursor"] is String)
            #expect(try server.request("GET", "/v1/audit?since=yesterday").status == 400)
            #expect(try server.request("GET", "/v1/audit", key: agent.secret).status == 403)
        }
    }
}

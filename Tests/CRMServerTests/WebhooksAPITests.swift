import CRMTestSupport
import Foundation
import Testing

/// The webhook resource itself: validation with field paths, the secret shown once, listing,
/// merge-patch updates with versions and `If-Match`, deletion.
@Suite struct WebhooksAPITests {
    static let json = WebhookDeliveryTests.json

    @Test func createsValidatesListsPatchesAndDeletes() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let invalid = try server.request("POST", "/v1/webhooks", body: #"{"url":"gopher://x.example","events":["contact.exploded","*","*"],"secret":"s","extra":1}"#)
            #expect(invalid.status == 422)
            let fields = Set((Self.json(invalid)["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["url", "events[0]", "events", "secret", "extra"])
            #expect(try server.request("POST", "/v1/webhooks", body: #"{"url":"https://hooks.example.com/in","events":[]}"#).status == 422)
            #expect(try server.request("POST", "/v1/webhooks", body: #"{"events":["*"]}"#).status == 422)

            let created = try server.request("POST", "/v1/webhooks",
                                             body: #"{"url":"https://hooks.example.com/in","events":["contact.created"],"description":"CRM sync"}"#)
            #expect(created.status == 201)
            let hook = Self.json(created)
            let id = hook["id"] as? String ?? ""
            let secret = hook["secret"] as? String ?? ""
            #expect(id.hasPrefix("wh_") && secret.hasPrefix("whsec_") && secret.count == 70)
            #expect(created.header("Location") == "/v1/webhooks/\(id)")
            #expect(hook["active"] as? Bool == true && hook["version"] as? Int == 1)

            let read = try server.request("GET", "/v1/webhooks/\(id)")
            #expect(read.status == 200 && read.header("ETag") == "\"1\"")
            #expect(!read.text.contains(secret))
            #expect(try server.request("GET", "/v1/webhooks/\(id)", headers: ["If-None-Match": "\"1\""]).status == 304)
            let listing = try server.request("GET", "/v1/webhooks?limit=10")
            #expect((Self.json(listing)["data"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
            #expect(!listing.text.contains(secret))
            #expect(try server.request("GET", "/v1/webhooks?sort=url").status == 400)

            #expect(try server.request("PATCH", "/v1/webhooks/\(id)", body: #"{"secret":"mine"}"#).status == 422)
            #expect(try server.request("PATCH", "/v1/webhooks/\(id)", body: #"{"url":"http://10.1.1.1/"}"#).status == 422)
            #expect(try server.request("PATCH", "/v1/webhooks/\(id)", headers: ["If-Match": "\"7\""], body: #"{"active":false}"#).status == 412)
            let patched = try server.request("PATCH", "/v1/webhooks/\(id)", headers: ["If-Match": "\"1\""],
                                             body: #"{"active":false,"events":["*"],"description":null}"#)
            #expect(patched.status == 200)
            let after = Self.json(patched)
            #expect(after["active"] as? Bool == false && after["version"] as? Int == 2 && after["description"] is NSNull)
            #expect(after["events"] as? [String] == ["*"])

            try server.restart()
            #expect(Self.json(try server.request("GET", "/v1/webhooks/\(id)"))["version"] as? Int == 2)
            #expect(try server.request("DELETE", "/v1/webhooks/\(id)").status == 204)
            #expect(try server.request("GET", "/v1/webhooks/\(id)").status == 404)
            #expect(try server.request("GET", "/v1/webhooks/\(id)/deliveries").status == 404)
            #expect(try server.request("DELETE", "/v1/webhooks/\(id)").status == 404)
        }
    }
}

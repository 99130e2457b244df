import CRMTestSupport
import Foundation
import Testing

/// `crm seed`: a reproducible data set a server then serves, with purchases, deals and analytics.
@Suite struct SeedCommandTests {
    static func json(_ response: RawResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    static func seeded(seed: Int) throws -> TestServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crm-seed-\(UUID().uuidString)")
        let run = try ChildProcess.crm(["seed", "--data-dir", directory.path, "--contacts", "600", "--interactions-per-contact", "4",
                                        "--seed", String(seed), "--now", "2026-11-01T00:00:00Z"])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("added 600 contacts"), "\(run.output)")
        return try TestServer(dataDirectory: directory)
    }

    static func ids(_ server: TestServer, _ path: String) throws -> [String] {
        (json(try server.request("GET", path))["data"] as? [[String: Any]] ?? []).map { ($0["id"] ?? $0["contactId"]) as! String }
    }

    @Test func theSameSeedWritesTheSameDataAndTheServerAnswersAnalyticsOnIt() async throws {
        try await offPool { () throws -> Void in
            let first = try Self.seeded(seed: 42)
            let second = try Self.seeded(seed: 42)
            let other = try Self.seeded(seed: 43)
            let contacts = try Self.ids(first, "/v1/contacts?limit=20")
            #expect(contacts.count == 20)
            #expect(contacts == (try Self.ids(second, "/v1/contacts?limit=20")))
            #expect(contacts != (try Self.ids(other, "/v1/contacts?limit=20")))
            #expect(try Self.ids(first, "/v1/deals?limit=100") == (try Self.ids(second, "/v1/deals?limit=100")))
            #expect(try Self.ids(first, "/v1/deals?limit=100").count == 60)
            #expect(try Self.ids(first, "/v1/interactions?limit=500").count > 500 / 2)

            let dashboard = Self.json(try first.request("GET", "/v1/analytics/dashboard"))
            #expect((dashboard["contacts"] as? [String: Any])?["total"] as? Int == 600)
            let rfm = Self.json(try first.request("GET", "/v1/analytics/rfm?limit=1"))
            #expect((rfm["customers"] as? Int ?? 0) > 100)
            #expect(Self.json(try first.request("GET", "/v1/analytics/rfm?limit=1")) ["customers"] as? Int
                    == Self.json(try second.request("GET", "/v1/analytics/rfm?limit=1"))["customers"] as? Int)
            #expect(try Self.ids(first, "/v1/tickets?limit=500").count == 120)
            #expect(try Self.ids(first, "/v1/campaigns?limit=100").count == 24)
            let support = Self.json(try first.request("GET", "/v1/analytics/tickets"))
            #expect(((support["overall"] as? [String: Any])?["ratings"] as? Int ?? 0) > 0)
            let campaigns = Self.json(try first.request("GET", "/v1/analytics/campaigns"))["data"] as? [[String: Any]] ?? []
            #expect(campaigns.reduce(0) { $0 + ((($1["overall"] as? [String: Any])?["recipients"] as? Int) ?? 0) } > 0)
            let sales = Self.json(try first.request("GET", "/v1/analytics/sales"))
            #expect((sales["won"] as? Int ?? 0) + (sales["lost"] as? Int ?? 0) > 0)
        }
    }
}

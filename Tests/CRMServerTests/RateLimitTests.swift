import CRMTestSupport
import Foundation
import Testing

/// `--rate-limit`: a token bucket per key, RateLimit-* headers on every authenticated answer,
/// 429 with Retry-After when it is empty, and recovery as it refills.
@Suite struct RateLimitTests {
    @Test func limitsEachKeyAndRecovers() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer(arguments: ["--rate-limit", "1"])
            var statuses: [Int] = []
            var last: RawResponse?
            let client = try server.connect()
            for _ in 0..<4 {
                client.send("GET /v1/contacts HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(TestServer.adminKey)\r\n\r\n")
                let response = try client.readResponse(timeout: 10)
                statuses.append(response.status)
                last = response
            }
            #expect(statuses == [200, 200, 429, 429])
            let refused = try #require(last)
            #expect(refused.header("Retry-After") == "1")
            #expect(refused.header("RateLimit-Limit") == "2")
            #expect(refused.header("RateLimit-Remaining") == "0")
            #expect(refused.header("Content-Type") == "application/problem+json")

            usleep(1_100_000)
            let again = try server.request("GET", "/v1/contacts/ct_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X")
            #expect(again.status == 404, "a refilled token lets the next request through")
            #expect(again.header("RateLimit-Limit") == "2", "errors carry the headers too")
            #expect(try server.request("GET", "/health", key: nil).status == 200, "public routes are not limited")
        }
    }
}

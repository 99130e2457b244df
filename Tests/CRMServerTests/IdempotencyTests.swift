import CRMTestSupport
import Foundation
import Testing

/// `Idempotency-Key` over real sockets: replay, conflict, one run for concurrent requests, and
/// survival across a restart.
@Suite struct IdempotencyTests {
    static func json(_ response: RawResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    static func contactCount(_ server: TestServer) throws -> Int {
        (json(try server.request("GET", "/v1/contacts?limit=500"))["data"] as? [Any])?.count ?? -1
    }

    @Test func replaysConflictsRunsOnceAndSurvivesARestart() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let body = #"{"email":"once@example.com"}"#
            let first = try server.request("POST", "/v1/contacts", headers: ["Idempotency-Key": "order-1"], body: body)
            #expect(first.status == 201)
            #expect(first.header("Idempotent-Replayed") == nil)
            let again = try server.request("POST", "/v1/contacts", headers: ["Idempotency-Key": "order-1"], body: body)
            #expect(again.status == 201)
            #expect(again.header("Idempotent-Replayed") == "true")
            #expect(again.body == first.body)
            #expect(again.header("Location") == first.header("Location"))
            #expect(try Self.contactCount(server) == 1)

            let other = try server.request("POST", "/v1/contacts", headers: ["Idempotency-Key": "order-1"], body: #"{"email":"twice@example.com"}"#)
            #expect(other.status == 422)
            #expect(Self.json(other)["type"] as? String == "urn:crm:problem:idempotency-key-reused")
            #expect(try server.request("POST", "/v1/contacts", headers: ["Idempotency-Key": "bad key"], body: body).status == 400)

            // Ten at once with one new key: one runs, the rest get its answer.
            let results = LockedResults()
            DispatchQueue.concurrentPerform(iterations: 10) { _ in
                let response = try? server.request("POST", "/v1/contacts", headers: ["Idempotency-Key": "burst"], body: #"{"email":"burst@example.com"}"#)
                results.add(response?.status ?? 0, response.flatMap { Self.json($0)["id"] as? String })
            }
            #expect(results.statuses == Array(repeating: 201, count: 10), "\(results.statuses)")
            #expect(results.ids.count == 1)
            #expect(try Self.contactCount(server) == 2)

            try server.restart()
            let afterRestart = try server.request("POST", "/v1/contacts", headers: ["Idempotency-Key": "order-1"], body: body)
            #expect(afterRestart.header("Idempotent-Replayed") == "true")
            #expect(afterRestart.body == first.body)
            #expect(try Self.contactCount(server) == 2)
        }
    }
}

final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [(Int, String?)] = []
    func add(_ status: Int, _ id: String?) { lock.withLock { collected.append((status, id)) } }
    var statuses: [Int] { lock.withLock { collected.map(\.0) } }
    var ids: Set<String> { lock.withLock { Set(collected.compactMap(\.1)) } }
}

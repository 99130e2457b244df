import CRMTestSupport
import Foundation
import Testing

/// The access log of a real `crm serve`: one JSON line per request with method, route template,
/// status, duration, peer and request id — never the query, a header value or the API key.
@Suite struct AccessLogTests {
    @Test func logsOneLinePerRequestWithoutQueriesOrKeys() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let created = try server.request("POST", "/v1/contacts", body: #"{"email":"access.log@example.com"}"#)
            #expect(created.status == 201)
            let body = (try? JSONSerialization.jsonObject(with: Data(created.body))) as? [String: Any]
            let id = try #require(body?["id"] as? String)
            let found = try server.request("GET", "/v1/contacts/\(id)?fields=secret-query-value")
            #expect(found.status == 200)
            let requestId = try #require(found.header("X-Request-Id"))
            // Lines are written in batches of at most 50 ms.
            var line: [String: Any]?
            for _ in 0..<100 where line == nil {
                line = Self.lines(in: server.log).first { $0["requestId"] as? String == requestId }
                if line == nil { usleep(20_000) }
            }
            let entry = try #require(line, "no access-log line for \(requestId) in:\n\(server.log)")
            #expect(entry["message"] as? String == "request")
            #expect(entry["level"] as? String == "info")
            #expect(entry["method"] as? String == "GET")
            #expect(entry["route"] as? String == "/v1/contacts/{id}")
            #expect(entry["status"] as? Int == 200)
            #expect((entry["peer"] as? String)?.hasPrefix("127.0.0.1:") == true)
            let milliseconds = try #require(entry["ms"] as? String)
            #expect(milliseconds.wholeMatch(of: /[0-9]+\.[0-9]{1,3}/) != nil, "ms: \(milliseconds)")
            #expect(Double(milliseconds).map { $0 >= 0 && $0 < 30_000 } == true)
            #expect(!server.log.contains("secret-query-value"))
            #expect(!server.log.contains(TestServer.adminKey))
        }
    }

    static func lines(in log: String) -> [[String: Any]] {
        log.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }
}

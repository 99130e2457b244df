import CRMTestSupport
import Foundation
import Testing

/// `GET /metrics` over real sockets: Prometheus text that parses, counting the requests served.
@Suite struct MetricsTests {
    /// Every sample line as (name, labels, value); nil when a line breaks the text format.
    static func parse(_ text: String) -> [(name: String, labels: String, value: Double)]? {
        let sample = try! NSRegularExpression(pattern: #"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? ([-+]?(?:[0-9.]+(?:[eE][-+]?[0-9]+)?|Inf|NaN))$"#)
        var samples: [(String, String, Double)] = []
        for line in text.split(separator: "\n").map(String.init) where !line.isEmpty {
            if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") { continue }
            let range = NSRange(line.startIndex..., in: line)
            guard let match = sample.firstMatch(in: line, range: range), let name = Range(match.range(at: 1), in: line),
                  let value = Range(match.range(at: 3), in: line) else { return nil }
            let labels = Range(match.range(at: 2), in: line).map { String(line[$0]) } ?? ""
            samples.append((String(line[name]), labels, Double(line[value].replacingOccurrences(of: "Inf", with: "inf")) ?? .nan))
        }
        return samples
    }

    @Test func servesPrometheusTextThatCountsRequests() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            for _ in 0..<3 { #expect(try server.request("GET", "/health", key: nil).status == 200) }
            #expect(try server.request("POST", "/v1/contacts", body: #"{"email":"metrics@example.com"}"#).status == 201)
            let response = try server.request("GET", "/metrics", key: nil)
            #expect(response.status == 200)
            #expect(response.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
            let samples = try #require(Self.parse(response.text), "not Prometheus text:\n\(response.text)")
            let health = samples.first { $0.name == "crm_http_requests_total" && $0.labels.contains(#"route="/health""#)
                && $0.labels.contains(#"status="200""#) }
            #expect(health?.value == 3)
            #expect(samples.contains { $0.name == "crm_http_requests_total" && $0.labels.contains(#"status="201""#) })
            #expect(samples.contains { $0.name.hasPrefix("crm_http_request_duration_seconds") })
            #expect(samples.contains { $0.name.hasPrefix("crm_store_fsync_seconds") })
            #expect((samples.first { $0.name == "crm_store_records" }?.value ?? 0) >= 1)
            #expect(samples.first { $0.name == "crm_http_open_connections" }?.value ?? 0 >= 1)
            #expect(samples.contains { $0.name == "crm_webhook_pending_deliveries" })
            #expect(samples.first { $0.name == "crm_campaign_outbox_queued" }?.value == 0)
            // Bytes in and out: at least the four requests and answers above, and growing.
            let received = samples.first { $0.name == "crm_http_received_bytes_total" }?.value ?? 0
            let sent = samples.first { $0.name == "crm_http_sent_bytes_total" }?.value ?? 0
            #expect(received >= 4 * 30 && sent >= 4 * 60, "received \(received), sent \(sent)")
            let again = try #require(Self.parse(try server.request("GET", "/metrics", key: nil).text))
            #expect((again.first { $0.name == "crm_http_received_bytes_total" }?.value ?? 0) > received)
            // A response's bytes are counted once write(2) returns, which can be just after the client
            // has read them; so the first scrape's own answer shows up in a later scrape, not
            // necessarily the next one.
            var sentLater = again.first { $0.name == "crm_http_sent_bytes_total" }?.value ?? 0
            for _ in 0..<100 where sentLater <= sent {
                Thread.sleep(forTimeInterval: 0.02)
                let scrape = try #require(Self.parse(try server.request("GET", "/metrics", key: nil).text))
                sentLater = scrape.first { $0.name == "crm_http_sent_bytes_total" }?.value ?? 0
            }
            #expect(sentLater > sent)
        }
    }
}

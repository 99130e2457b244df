import CRMTestSupport
import Foundation
import Testing

/// Shared steps of the segment and campaign tests, over real sockets.
enum CampaignTestSupport {
    static func json(_ response: RawResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    static func text(_ value: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// POSTs JSON and expects `status`; answers the body.
    @discardableResult
    static func post(_ server: TestServer, _ path: String, _ body: Any, expect status: Int = 201, key: String = TestServer.adminKey,
                     sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let response = try server.request("POST", path, key: key, body: text(body))
        #expect(response.status == status, "\(path): \(response.text)", sourceLocation: sourceLocation)
        return json(response)
    }

    static func get(_ server: TestServer, _ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let response = try server.request("GET", path)
        #expect(response.status == 200, "\(path): \(response.text)", sourceLocation: sourceLocation)
        return json(response)
    }

    /// Creates contacts through `POST /v1/contacts/batch` (1,000 per request); answers their ids in order.
    static func createContacts(_ server: TestServer, _ contacts: [[String: Any]]) throws -> [String] {
        var ids: [String] = []
        for start in stride(from: 0, to: contacts.count, by: 1000) {
            let batch = Array(contacts[start..<min(start + 1000, contacts.count)])
            let answer = try post(server, "/v1/contacts/batch", ["matchOn": "email", "items": batch], expect: 200)
            let results = answer["results"] as? [[String: Any]] ?? []
            #expect(results.count == batch.count && results.allSatisfy { $0["status"] as? String == "created" })
            ids += results.compactMap { $0["id"] as? String }
        }
        return ids
    }

    static func emailCampaign(name: String = "Spring sale", audience: [String: Any], variants: [[String: Any]]? = nil,
                              extra: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = ["name": name, "channel": "email", "variants": variants ?? [
            ["key": "A", "subject": "Hi {{firstName|there}}", "weight": 1,
             "body": #"<p>Hello {{firstName|friend}}! <a href="https://shop.example.com/sale?from=mail&amp;x=1">Sale</a> <a href="{{unsubscribeUrl}}">Unsubscribe</a></p>"#],
        ]]
        body.merge(audience) { $1 }
        body.merge(extra) { $1 }
        return body
    }

    /// Every delivery of a campaign (all pages), with an optional `status` filter.
    static func deliveries(_ server: TestServer, campaign: String, status: String? = nil) throws -> [[String: Any]] {
        var all: [[String: Any]] = []
        var cursor: String?
        repeat {
            var path = "/v1/campaigns/\(campaign)/deliveries?limit=500"
            if let status { path += "&status=\(status)" }
            if let cursor { path += "&cursor=\(cursor)" }
            let page = try get(server, path)
            all += page["data"] as? [[String: Any]] ?? []
            cursor = page["nextCursor"] as? String
        } while cursor != nil
        return all
    }

    /// The tracking token in a rendered email body (from its open pixel).
    static func token(in body: String) -> String? {
        guard let range = body.range(of: "/t/o/") else { return nil }
        return String(body[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Polls `condition` every 50 ms until it holds or `timeout` seconds pass.
    static func eventually(timeout: Double = 15, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            usleep(50_000)
        }
        return try condition()
    }
}

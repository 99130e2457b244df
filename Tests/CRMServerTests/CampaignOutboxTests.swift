import CRMTestSupport
import Foundation
import Testing

/// The outbox over HTTP: claims with leases (an expired lease returns the message to the queue),
/// results, sender events, completion, and the stats with the A/B result.
@Suite struct CampaignOutboxTests {
    typealias Support = CampaignTestSupport
    static var everyone: [String: Any] { ["filter": ["all": [] as [Any]]] }

    static func launch(_ server: TestServer, contacts: Int, variants: [[String: Any]]? = nil) throws -> (campaign: String, contacts: [String]) {
        let ids = try Support.createContacts(server, (0..<contacts).map { ["email": "o\($0)@example.com", "consent": ["email": true]] })
        let id = try Support.post(server, "/v1/campaigns", Support.emailCampaign(audience: everyone, variants: variants))["id"] as! String
        try Support.post(server, "/v1/campaigns/\(id)/launch", [String: Any](), expect: 200)
        return (id, ids)
    }

    @Test func anExpiredLeaseReturnsTheMessageToTheQueue() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let (campaign, _) = try Self.launch(server, contacts: 3)
            let first = try Support.post(server, "/v1/outbox/claim", ["limit": 2, "leaseSeconds": 1], expect: 200)["data"] as? [[String: Any]] ?? []
            #expect(first.count == 2)
            let message = try #require(first.first)
            #expect(message["to"] as? String == "o0@example.com" && message["claims"] as? Int == 1)
            #expect((message["body"] as? String)?.contains("/t/c/") == true && message["leaseExpiresAt"] is String)
            #expect(try Support.deliveries(server, campaign: campaign, status: "claimed").count == 2)
            // While the lease holds, only the third message is left.
            let second = try Support.post(server, "/v1/outbox/claim", ["limit": 10, "leaseSeconds": 30], expect: 200)["data"] as? [[String: Any]] ?? []
            #expect(second.map { $0["to"] as? String } == ["o2@example.com"])
            #expect(try Support.eventually(timeout: 5) {
                try Support.deliveries(server, campaign: campaign, status: "queued").count == 2
            })
            let again = try Support.post(server, "/v1/outbox/claim", ["limit": 10, "leaseSeconds": 30], expect: 200)["data"] as? [[String: Any]] ?? []
            #expect(Set(again.compactMap { $0["deliveryId"] as? String }) == Set(first.compactMap { $0["deliveryId"] as? String }))
            #expect(again.allSatisfy { $0["claims"] as? Int == 2 })
            #expect((try Support.post(server, "/v1/outbox/claim", [String: Any](), expect: 200)["data"] as? [Any])?.isEmpty == true)
            #expect(try server.request("POST", "/v1/outbox/claim", body: #"{"limit":0}"#).status == 422)
            #expect(try server.request("POST", "/v1/outbox/claim", body: #"{"leaseSeconds":60,"colour":1}"#).status == 422)
        }
    }

    @Test func resultsEventsCompletionAndStats() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let variants: [[String: Any]] = [
                ["key": "A", "subject": "A", "weight": 1, "body": #"<a href="https://shop.example.com/a">a</a>"#],
                ["key": "B", "subject": "B", "weight": 1, "body": #"<a href="https://shop.example.com/b">b</a>"#],
            ]
            let (campaign, _) = try Self.launch(server, contacts: 40, variants: variants)
            let queued = try Support.deliveries(server, campaign: campaign)
            #expect(try server.request("POST", "/v1/outbox/\(queued[0]["id"] as! String)/result", body: #"{"status":"sent"}"#).status == 409)
            let claims = try Support.post(server, "/v1/outbox/claim", ["limit": 500, "leaseSeconds": 60], expect: 200)["data"] as? [[String: Any]] ?? []
            #expect(claims.count == 40)
            var variantOf: [String: String] = [:]
            for claim in claims { variantOf[claim["deliveryId"] as! String] = claim["variant"] as? String }
            let ofA = claims.filter { $0["variant"] as? String == "A" }.map { $0["deliveryId"] as! String }
            let ofB = claims.filter { $0["variant"] as? String == "B" }.map { $0["deliveryId"] as! String }
            #expect(ofA.count >= 4 && ofB.count >= 4, "\(ofA.count)/\(ofB.count)")
            // Two bounce, the rest are sent; delivered events for all sent ones.
            let bounced = [ofA[0], ofB[0]]
            for (id, _) in variantOf {
                let status = bounced.contains(id) ? "bounced" : "sent"
                let answer = try Support.post(server, "/v1/outbox/\(id)/result", ["status": status, "detail": "250 ok"], expect: 200)
                #expect(answer["status"] as? String == status)
                if status == "sent" { try Support.post(server, "/v1/campaigns/\(campaign)/events", ["deliveryId": id, "type": "delivered"]) }
            }
            #expect(try server.request("POST", "/v1/outbox/\(ofA[1])/result", body: #"{"status":"sent"}"#).status == 409)
            #expect(try server.request("POST", "/v1/outbox/dv_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X/result", body: #"{"status":"sent"}"#).status == 404)
            #expect(try server.request("POST", "/v1/outbox/\(ofA[1])/result", body: #"{"status":"delivered"}"#).status == 422)
            // A: three opens (one twice), two converting messages (one by contact id); B: a click, no conversion.
            for id in [ofA[1], ofA[1], ofA[2], ofA[3]] { try Support.post(server, "/v1/campaigns/\(campaign)/events", ["deliveryId": id, "type": "opened"]) }
            try Support.post(server, "/v1/campaigns/\(campaign)/events", ["deliveryId": ofA[1], "type": "converted", "value": 1500])
            try Support.post(server, "/v1/campaigns/\(campaign)/events", ["deliveryId": ofA[1], "type": "converted", "value": 500])
            let contactOfA2 = try #require(claims.first { $0["deliveryId"] as? String == ofA[2] }?["contactId"] as? String)
            try Support.post(server, "/v1/campaigns/\(campaign)/events", ["contactId": contactOfA2, "type": "converted", "value": 1000,
                                                                         "occurredAt": "2026-01-01T00:00:00Z"])
            try Support.post(server, "/v1/campaigns/\(campaign)/events", ["deliveryId": ofB[1], "type": "clicked"])
            for body in [["type": "opened"], ["deliveryId": ofA[1], "contactId": contactOfA2, "type": "opened"],
                         ["deliveryId": ofA[1], "type": "opened", "value": 3], ["deliveryId": ofA[1], "type": "read"],
                         ["contactId": "ct_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X", "type": "opened"]] as [[String: Any]] {
                #expect(try server.request("POST", "/v1/campaigns/\(campaign)/events", body: Support.text(body)).status == 422, "\(body)")
            }

            #expect(try Support.eventually {
                try Support.get(server, "/v1/campaigns/\(campaign)")["status"] as? String == "completed"
            })
            let stats = try Support.get(server, "/v1/campaigns/\(campaign)/stats")
            let overall = try #require(stats["overall"] as? [String: Any])
            #expect(overall["recipients"] as? Int == 40 && overall["delivered"] as? Int == 38 && overall["bounces"] as? Int == 2)
            #expect(overall["uniqueOpens"] as? Int == 3 && overall["conversions"] as? Int == 2 && overall["revenue"] as? Int == 3000)
            #expect(overall["uniqueClicks"] as? Int == 1)
            let rates = try #require(overall["rates"] as? [String: Any])
            #expect(abs((rates["conversion"] as? Double ?? 0) - 2.0 / 38) < 1e-9 && abs((rates["bounce"] as? Double ?? 0) - 2.0 / 40) < 1e-9)
            let perVariant = try #require(stats["variants"] as? [[String: Any]])
            #expect(perVariant.map { $0["key"] as? String } == ["A", "B"])
            let a = perVariant[0], b = perVariant[1]
            #expect(a["conversions"] as? Int == 2 && b["conversions"] as? Int == 0 && a["revenue"] as? Int == 3000 && b["uniqueClicks"] as? Int == 1)
            let test = try #require(stats["abTest"] as? [String: Any])
            #expect(test["best"] as? String == "A" && test["runnerUp"] as? String == "B")
            // The same pooled z-test, worked out here from the counts the answer shows.
            let (x1, n1, x2, n2) = (2.0, Double(a["delivered"] as! Int), 0.0, Double(b["delivered"] as! Int))
            let pooled = (x1 + x2) / (n1 + n2)
            let z = (x1 / n1 - x2 / n2) / (pooled * (1 - pooled) * (1 / n1 + 1 / n2)).squareRoot()
            #expect(abs((test["z"] as? Double ?? 0) - z) < 1e-9)
            let pValue = erfc(z / 2.0.squareRoot())
            #expect(abs((test["pValue"] as? Double ?? 0) - pValue) < 1e-9 && test["significant"] as? Bool == (pValue < 0.05))
        }
    }

    @Test func ratesAreNullWithAReasonBeforeAnythingIsDelivered() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let (campaign, _) = try Self.launch(server, contacts: 2)
            let stats = try Support.get(server, "/v1/campaigns/\(campaign)/stats")
            let overall = try #require(stats["overall"] as? [String: Any])
            #expect((overall["rates"] as? [String: Any])?["open"] is NSNull && overall["ratesNote"] is String)
            let test = try #require(stats["abTest"] as? [String: Any])
            #expect(test["pValue"] is NSNull && test["significant"] as? Bool == false && test["note"] is String)
            #expect(try server.request("GET", "/v1/campaigns/\(campaign)/stats?x=1").status == 400)
        }
    }
}

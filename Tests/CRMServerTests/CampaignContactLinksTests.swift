import CRMTestSupport
import Foundation
import Testing

/// Campaign history through the contacts service: merge moves deliveries and events, erase
/// anonymises them (also on disk), the privacy export and the timeline show them, engagement
/// moves the lead score, and segment/campaign changes reach the changes feed.
@Suite struct CampaignContactLinksTests {
    typealias Support = CampaignTestSupport

    static func launch(_ server: TestServer) throws -> String {
        let id = try Support.post(server, "/v1/campaigns", Support.emailCampaign(audience: ["filter": ["all": [] as [Any]]]))["id"] as! String
        try Support.post(server, "/v1/campaigns/\(id)/launch", [String: Any](), expect: 200)
        return id
    }

    @Test func mergeMovesAndEraseAnonymisesCampaignHistory() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let kept = try Support.post(server, "/v1/contacts", ["email": "kept@example.com", "consent": ["email": true]])["id"] as! String
            let duplicate = try Support.post(server, "/v1/contacts", ["email": "dup@example.com", "firstName": "Secretname",
                                                                      "consent": ["email": true]])["id"] as! String
            let campaign = try Self.launch(server)
            let messages = try Support.deliveries(server, campaign: campaign)
            let ofDuplicate = try #require(messages.first { $0["contactId"] as? String == duplicate })
            let deliveryId = ofDuplicate["id"] as! String
            #expect((ofDuplicate["body"] as? String)?.contains("Secretname") == true)
            try Support.post(server, "/v1/campaigns/\(campaign)/events", ["deliveryId": deliveryId, "type": "opened"])
            try Support.post(server, "/v1/campaigns/\(campaign)/events", ["deliveryId": deliveryId, "type": "clicked", "url": "https://shop.example.com/x"])
            // Engagement raises the lead score: lead 10 + opened 2 + clicked 3.
            #expect(try Support.get(server, "/v1/contacts/\(duplicate)")["leadScore"] as? Int == 15)
            #expect(try Support.get(server, "/v1/contacts/\(kept)")["leadScore"] as? Int == 10)

            try Support.post(server, "/v1/contacts/\(kept)/merge", ["duplicateId": duplicate], expect: 200)
            let moved = try Support.deliveries(server, campaign: campaign).filter { $0["id"] as? String == deliveryId }
            #expect(moved.first?["contactId"] as? String == kept && moved.first?["to"] as? String == "dup@example.com")
            #expect(try Support.get(server, "/v1/contacts/\(kept)")["leadScore"] as? Int == 15)
            let timeline = try Support.get(server, "/v1/contacts/\(kept)/timeline")["data"] as? [[String: Any]] ?? []
            let events = timeline.filter { $0["kind"] as? String == "campaign_event" }.compactMap { $0["campaign_event"] as? [String: Any] }
            #expect(events.map { $0["type"] as? String } == ["clicked", "opened"])
            #expect(events.first?["campaignName"] as? String == "Spring sale" && events.first?["deliveryId"] as? String == deliveryId)
            let export = try Support.get(server, "/v1/contacts/\(kept)/export")
            let exported = export["deliveries"] as? [[String: Any]] ?? []
            #expect(exported.count == 2 && exported.contains { ($0["events"] as? [Any])?.count == 2 })

            #expect(try server.request("POST", "/v1/contacts/\(kept)/erase").status == 204)
            let anonymous = try Support.deliveries(server, campaign: campaign)
            #expect(anonymous.count == 2 && anonymous.allSatisfy { $0["contactId"] is NSNull && $0["body"] is NSNull && $0["to"] is NSNull })
            #expect(anonymous.allSatisfy { $0["status"] as? String == "cancelled" }, "never sent once the person is erased")
            let stats = try Support.get(server, "/v1/campaigns/\(campaign)/stats")["overall"] as? [String: Any]
            #expect(stats?["recipients"] as? Int == 2 && stats?["uniqueOpens"] as? Int == 1 && stats?["uniqueClicks"] as? Int == 1)
            // No file holds the rendered messages any more (their text and their tracking tokens).
            let token = try #require(Support.token(in: ofDuplicate["body"] as? String ?? ""))
            for name in try FileManager.default.contentsOfDirectory(atPath: server.dataDirectory.path) where name.hasSuffix(".jsonl") {
                let bytes = try Data(contentsOf: server.dataDirectory.appendingPathComponent(name))
                #expect(bytes.range(of: Data("Hello Secretname".utf8)) == nil, "\(name)")
                #expect(bytes.range(of: Data(token.utf8)) == nil, "\(name)")
                #expect(bytes.range(of: Data("https://shop.example.com/x".utf8)) == nil, "\(name)")
            }
            // Tracking links of an erased message lead nowhere.
            #expect(try server.request("GET", "/t/o/\(token)", key: nil).status == 404)
        }
    }

    @Test func aDeletedContactsQueuedMessageIsNeverHandedOut() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let staying = try Support.post(server, "/v1/contacts", ["email": "stay@example.com", "consent": ["email": true]])["id"] as! String
            let leaving = try Support.post(server, "/v1/contacts", ["email": "leave@example.com", "consent": ["email": true]])["id"] as! String
            let campaign = try Self.launch(server)
            #expect(try server.request("DELETE", "/v1/contacts/\(leaving)").status == 204)
            let claimed = try Support.post(server, "/v1/outbox/claim", ["limit": 10], expect: 200)["data"] as? [[String: Any]] ?? []
            #expect(claimed.map { $0["contactId"] as? String } == [staying])
            let left = try Support.deliveries(server, campaign: campaign).first { $0["contactId"] as? String == leaving }
            #expect(left?["status"] as? String == "cancelled")
        }
    }

    @Test func segmentAndCampaignChangesReachTheFeed() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let segment = try Support.post(server, "/v1/segments", ["name": "All", "filter": ["all": [] as [Any]]])["id"] as! String
            let campaign = try Support.post(server, "/v1/campaigns", Support.emailCampaign(audience: ["segmentId": segment]))["id"] as! String
            #expect(try server.request("DELETE", "/v1/campaigns/\(campaign)").status == 204)
            let feed = try Support.get(server, "/v1/changes?types=segment,campaign")["data"] as? [[String: Any]] ?? []
            #expect(feed.map { "\($0["type"] as? String ?? "") \($0["op"] as? String ?? "")" } == ["segment put", "campaign put", "campaign delete"])
            #expect(feed.map { $0["id"] as? String } == [segment, campaign, campaign])
            let all = try Support.get(server, "/v1/changes")["data"] as? [[String: Any]] ?? []
            #expect(all.allSatisfy { ["contact", "interaction", "segment", "campaign"].contains($0["type"] as? String ?? "") })
        }
    }
}

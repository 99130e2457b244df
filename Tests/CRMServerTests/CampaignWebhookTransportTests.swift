import CRMTestSupport
import Foundation
import Testing

/// The webhook transport: each message of a campaign with `transport: {type: webhook, url}` is
/// POSTed to the URL; 2xx is `sent`, anything else is kept for a later attempt with the reason.
@Suite struct CampaignWebhookTransportTests {
    typealias Support = CampaignTestSupport
    static let environment = ["CRM_WEBHOOK_ALLOW_PRIVATE": "1"]

    @Test func messagesArePostedToTheCampaignsURL() async throws {
        try await offPool { () throws -> Void in
            let receiver = try LoopbackReceiver { _, request in .status(request.bodyText.contains("w1@") ? 500 : 202) }
            let server = try TestServer(environment: Self.environment)
            for index in 0..<3 { try Support.post(server, "/v1/contacts", ["email": "w\(index)@example.com", "consent": ["email": true]]) }
            let transport: [String: Any] = ["type": "webhook", "url": "http://127.0.0.1:\(receiver.port)/send"]
            let id = try Support.post(server, "/v1/campaigns", Support.emailCampaign(audience: ["filter": ["all": [] as [Any]]],
                                                                               extra: ["transport": transport]))["id"] as! String
            try Support.post(server, "/v1/campaigns/\(id)/launch", [String: Any](), expect: 200)
            // The outbox never hands them to external senders.
            #expect((try Support.post(server, "/v1/outbox/claim", ["limit": 10], expect: 200)["data"] as? [Any])?.isEmpty == true)
            #expect(try Support.eventually(timeout: 15) {
                let deliveries = try Support.deliveries(server, campaign: id)
                return deliveries.count { $0["status"] as? String == "sent" } == 2
                    && deliveries.contains { $0["detail"] as? String == "HTTP 500" && $0["status"] as? String == "claimed" }
            })
            let requests = receiver.received
            #expect(requests.count == 3)
            for request in requests {
                #expect(request.head == "POST /send HTTP/1.1" && request.headers["content-type"] == "application/json")
                let payload = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
                #expect(request.headers["crm-delivery-id"] == payload["deliveryId"] as? String)
                #expect(payload["campaignId"] as? String == id && payload["channel"] as? String == "email")
                #expect((payload["to"] as? String)?.hasSuffix("@example.com") == true && (payload["body"] as? String)?.contains("/t/o/") == true)
            }
            let sent = try Support.deliveries(server, campaign: id, status: "sent")
            #expect(sent.allSatisfy { $0["detail"] as? String == "HTTP 202" && $0["claims"] as? Int == 1 })
        }
    }
}

import CRMTestSupport
import Foundation
import Testing

/// `GET /v1/analytics/campaigns` and the dashboard's campaigns over HTTP: four recipients, all
/// delivered, two opened, one converted for 4999 → open rate 0.5, conversion rate 0.25.
@Suite struct AnalyticsCampaignsTests {
    typealias Support = CampaignTestSupport

    @Test func everyCampaignsRatesSideBySideAndTheDashboardCounts() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            for index in 0..<4 {
                try Support.post(server, "/v1/contacts", ["email": "a\(index)@example.com", "tags": ["news"], "consent": ["email": true]])
            }
            let filter: [String: Any] = ["all": [["field": "tags", "op": "contains", "value": "news"]]]
            let id = try Support.post(server, "/v1/campaigns", Support.emailCampaign(audience: ["filter": filter]))["id"] as! String
            let draft = try Support.post(server, "/v1/campaigns", Support.emailCampaign(name: "Later", audience: ["filter": filter]))["id"] as! String
            try Support.post(server, "/v1/campaigns/\(id)/launch", [String: Any](), expect: 200)
            let messages = try Support.deliveries(server, campaign: id)
            #expect(messages.count == 4)
            for (index, message) in messages.enumerated() {
                let delivery = message["id"] as! String
                try Support.post(server, "/v1/campaigns/\(id)/events", ["deliveryId": delivery, "type": "delivered"], expect: 201)
                if index < 2 { try Support.post(server, "/v1/campaigns/\(id)/events", ["deliveryId": delivery, "type": "opened"], expect: 201) }
                if index == 0 {
                    try Support.post(server, "/v1/campaigns/\(id)/events", ["deliveryId": delivery, "type": "converted", "value": 4999], expect: 201)
                }
            }
            let report = try Support.get(server, "/v1/analytics/campaigns")
            let rows = report["data"] as? [[String: Any]] ?? []
            #expect(rows.map { $0["campaignId"] as! String } == [id, draft])
            let overall = rows.first?["overall"] as? [String: Any] ?? [:]
            #expect(overall["recipients"] as? Int == 4)
            #expect(overall["delivered"] as? Int == 4)
            #expect(overall["revenue"] as? Int == 4999)
            let rates = overall["rates"] as? [String: Any] ?? [:]
            #expect(rates["open"] as? Double == 0.5)
            #expect(rates["conversion"] as? Double == 0.25)
            #expect((rows.last?["overall"] as? [String: Any])?["recipients"] as? Int == 0)
            let launchedOnly = try Support.get(server, "/v1/analytics/campaigns?since=2020-01-01T00:00:00Z")
            #expect((launchedOnly["data"] as? [[String: Any]] ?? []).count == 1)

            let dashboard = try Support.get(server, "/v1/analytics/dashboard")["campaigns"] as? [String: Any] ?? [:]
            #expect(dashboard["running"] as? Int == 1)
            #expect(dashboard["conversionsLast30Days"] as? Int == 1)
            #expect(dashboard["conversionValueLast30Days"] as? Int == 4999)
        }
    }
}

import CRMTestSupport
import Foundation
import Testing

/// Campaign CRUD over HTTP: validation (templates, variants, audience, channel rules), scheduling,
/// changes only while draft or scheduled, launching once, cancelling.
@Suite struct CampaignsAPITests {
    typealias Support = CampaignTestSupport
    static var filter: [String: Any] { ["all": [["field": "tags", "op": "contains", "value": "news"]]] }

    @Test func createsReadsListsChangesAndDeletesDrafts() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let created = try server.request("POST", "/v1/campaigns", body: Support.text(Support.emailCampaign(audience: ["filter": Self.filter])))
            #expect(created.status == 201, "\(created.text)")
            let campaign = Support.json(created)
            let id = try #require(campaign["id"] as? String)
            #expect(id.hasPrefix("cp_") && created.header("Location") == "/v1/campaigns/\(id)")
            #expect(campaign["status"] as? String == "draft" && campaign["segmentId"] is NSNull && campaign["launchedAt"] is NSNull)
            #expect(Support.text(campaign["transport"]!) == #"{"type":"outbox"}"#)
            #expect((campaign["variants"] as? [[String: Any]])?.first?["weight"] as? Int == 1)

            let scheduled = try server.request("PATCH", "/v1/campaigns/\(id)", headers: ["If-Match": "\"1\""],
                                               body: #"{"scheduledAt":"2999-06-01T08:00:00Z","name":"Summer"}"#)
            #expect(scheduled.status == 200 && Support.json(scheduled)["status"] as? String == "scheduled")
            #expect(Support.json(scheduled)["version"] as? Int == 2 && scheduled.header("ETag") == "\"2\"")
            let unscheduled = Support.json(try server.request("PATCH", "/v1/campaigns/\(id)", body: #"{"scheduledAt":null}"#))
            #expect(unscheduled["status"] as? String == "draft" && unscheduled["name"] as? String == "Summer")
            #expect(try server.request("PATCH", "/v1/campaigns/\(id)", body: #"{"status":"running"}"#).status == 422)

            let sms = try Support.post(server, "/v1/campaigns", ["name": "Text", "channel": "sms", "filter": Self.filter,
                                                                 "variants": [["key": "only", "body": "Hi {{firstName}}, stop: {{unsubscribeUrl}}"]]])
            let list = try Support.get(server, "/v1/campaigns?channel=sms")
            #expect((list["data"] as? [[String: Any]])?.map { $0["id"] as? String } == [sms["id"] as? String])
            #expect((try Support.get(server, "/v1/campaigns?status=draft,scheduled")["data"] as? [Any])?.count == 2)
            #expect(try server.request("GET", "/v1/campaigns?status=paused").status == 400)
            #expect(try server.request("DELETE", "/v1/campaigns/\(id)", headers: ["If-Match": "\"9\""]).status == 412)
            #expect(try server.request("DELETE", "/v1/campaigns/\(id)").status == 204)
            #expect(try server.request("GET", "/v1/campaigns/\(id)").status == 404)
            let history = try Support.get(server, "/v1/campaigns/\(sms["id"] as! String)/history")
            #expect((history["data"] as? [[String: Any]])?.first?["op"] as? String == "create")
        }
    }

    @Test func templatesAndVariantsAreValidatedWhenSaved() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            func variant(_ key: String = "A", subject: Any? = "Hi", body: String = "Body", weight: Any = 1) -> [String: Any] {
                var variant: [String: Any] = ["key": key, "body": body, "weight": weight]
                if let subject { variant["subject"] = subject }
                return variant
            }
            let cases: [([String: Any], String, String)] = [
                (Support.emailCampaign(audience: ["filter": Self.filter], variants: [variant(body: "Hi {{nickname}}")]),
                 "variants[0].body", "{{nickname}}"),
                (Support.emailCampaign(audience: ["filter": Self.filter], variants: [variant(subject: "Hi {{firstName")]),
                 "variants[0].subject", "closing"),
                (Support.emailCampaign(audience: ["filter": Self.filter], variants: [variant(subject: nil)]), "variants[0].subject", "required"),
                (Support.emailCampaign(audience: ["filter": Self.filter], variants: [variant(), variant()]), "variants", "unique"),
                (Support.emailCampaign(audience: ["filter": Self.filter], variants: [variant(weight: 0), variant("B", weight: 0)]), "variants", "more than 0"),
                (Support.emailCampaign(audience: ["filter": Self.filter], variants: []), "variants", "1 to 10"),
                (Support.emailCampaign(audience: ["filter": Self.filter], variants: (0..<11).map { variant("v\($0)") }), "variants", "at most 10"),
                (Support.emailCampaign(audience: ["filter": Self.filter], variants: [variant(weight: -1)]), "variants[0].weight", "between"),
                (Support.emailCampaign(audience: ["filter": Self.filter], variants: [variant("bad key")]), "variants[0].key", "A–Z"),
                (Support.emailCampaign(audience: [:]), "segmentId", "segmentId or a filter"),
                (Support.emailCampaign(audience: ["filter": Self.filter, "segmentId": "sg_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X"]), "filter", "not both"),
                (Support.emailCampaign(audience: ["segmentId": "sg_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X"]), "segmentId", "no segment"),
                (Support.emailCampaign(audience: ["filter": ["all": [["field": "tags", "op": "gt", "value": 1]]]]), "filter.all[0].op", "does not apply"),
                (Support.emailCampaign(audience: ["filter": Self.filter], extra: ["scheduledAt": "2001-01-01T00:00:00Z"]), "scheduledAt", "past"),
                (Support.emailCampaign(audience: ["filter": Self.filter], extra: ["transport": ["type": "pigeon"]]), "transport.type", "outbox or webhook"),
                (Support.emailCampaign(audience: ["filter": Self.filter], extra: ["transport": ["type": "webhook", "url": "http://127.0.0.1:9/x"]]),
                 "transport.url", "loopback"),
                (Support.emailCampaign(audience: ["filter": Self.filter], extra: ["status": "running"]), "status", "read-only"),
                (["name": "Text", "channel": "sms", "filter": Self.filter, "variants": [variant()]], "variants[0].subject", "no subject"),
                (["name": "Fax", "channel": "fax", "filter": Self.filter, "variants": [variant()]], "channel", "email, sms"),
            ]
            for (body, field, words) in cases {
                let response = try server.request("POST", "/v1/campaigns", body: Support.text(body))
                #expect(response.status == 422, "\(field): \(response.text)")
                let errors = Support.json(response)["errors"] as? [[String: Any]] ?? []
                #expect(errors.contains { $0["field"] as? String == field && ($0["message"] as? String ?? "").contains(words) },
                        "\(field) / \(words): \(response.text)")
            }
            #expect((try Support.get(server, "/v1/campaigns")["data"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func launchingTwiceIsRefusedAndOnlyDraftsChange() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            for index in 0..<3 {
                try Support.post(server, "/v1/contacts", ["email": "n\(index)@example.com", "tags": ["news"], "consent": ["email": true]])
            }
            let id = try Support.post(server, "/v1/campaigns", Support.emailCampaign(audience: ["filter": Self.filter]))["id"] as! String
            let launched = try server.request("POST", "/v1/campaigns/\(id)/launch")
            #expect(launched.status == 200, "\(launched.text)")
            let campaign = Support.json(launched)
            #expect(campaign["status"] as? String == "running" && campaign["recipientCount"] as? Int == 3 && campaign["launching"] as? Bool == false)
            #expect(campaign["launchedAt"] is String)
            let again = try server.request("POST", "/v1/campaigns/\(id)/launch")
            #expect(again.status == 409 && again.text.contains("once"))
            #expect(try server.request("PATCH", "/v1/campaigns/\(id)", body: #"{"name":"Renamed"}"#).status == 409)
            #expect(try server.request("DELETE", "/v1/campaigns/\(id)").status == 409)
            #expect(try Support.deliveries(server, campaign: id).count == 3)
            #expect(try server.request("POST", "/v1/campaigns/cp_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X/launch").status == 404)
        }
    }

    @Test func cancellingStopsWhatIsStillQueued() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            for index in 0..<5 {
                try Support.post(server, "/v1/contacts", ["email": "c\(index)@example.com", "tags": ["news"], "consent": ["email": true]])
            }
            let id = try Support.post(server, "/v1/campaigns", Support.emailCampaign(audience: ["filter": Self.filter]))["id"] as! String
            try Support.post(server, "/v1/campaigns/\(id)/launch", [String: Any](), expect: 200)
            let claimed = try Support.post(server, "/v1/outbox/claim", ["limit": 2, "leaseSeconds": 60], expect: 200)["data"] as? [[String: Any]] ?? []
            #expect(claimed.count == 2)
            let sent = try #require(claimed.first?["deliveryId"] as? String)
            try Support.post(server, "/v1/outbox/\(sent)/result", ["status": "sent"], expect: 200)

            let cancelled = try Support.post(server, "/v1/campaigns/\(id)/cancel", [String: Any](), expect: 200)
            #expect(cancelled["status"] as? String == "cancelled" && cancelled["cancelledAt"] is String)
            let statuses = try Support.deliveries(server, campaign: id).map { $0["status"] as? String ?? "" }
            #expect(statuses.sorted() == ["cancelled", "cancelled", "cancelled", "claimed", "sent"])
            #expect((try Support.post(server, "/v1/outbox/claim", ["limit": 10], expect: 200)["data"] as? [Any])?.isEmpty == true)
            // The claimed message's sender may still report.
            try Support.post(server, "/v1/outbox/\(claimed[1]["deliveryId"] as! String)/result", ["status": "failed", "detail": "smtp 451"], expect: 200)
            #expect(try server.request("POST", "/v1/campaigns/\(id)/cancel", body: "{}").status == 409)
            #expect(try Support.deliveries(server, campaign: id, status: "cancelled").count == 3)

            let draft = try Support.post(server, "/v1/campaigns", Support.emailCampaign(audience: ["filter": Self.filter]))["id"] as! String
            #expect(try Support.post(server, "/v1/campaigns/\(draft)/cancel", [String: Any](), expect: 200)["status"] as? String == "cancelled")
            #expect(try server.request("POST", "/v1/campaigns/\(draft)/launch").status == 409)
        }
    }
}

import CRMTestSupport
import Foundation
import Testing

/// Saved segments over HTTP: CRUD, strict validation naming the bad part of a filter, members
/// with `total` and paging, derived fields and relative dates at query time, and the delete rule.
@Suite struct SegmentsAPITests {
    typealias Support = CampaignTestSupport

    @Test func createReadListChangeAndDelete() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let filter: [String: Any] = ["all": [["field": "lifecycleStage", "op": "eq", "value": "customer"]]]
            let created = try server.request("POST", "/v1/segments", body: Support.text(["name": "Customers", "filter": filter]))
            #expect(created.status == 201)
            let segment = Support.json(created)
            let id = try #require(segment["id"] as? String)
            #expect(id.hasPrefix("sg_") && id.count == 29)
            #expect(created.header("Location") == "/v1/segments/\(id)" && created.header("ETag") == "\"1\"")
            #expect(segment["description"] is NSNull && segment["version"] as? Int == 1)
            #expect(Support.text(segment["filter"]!) == Support.text(filter))

            #expect(try server.request("GET", "/v1/segments/\(id)", headers: ["If-None-Match": "\"1\""]).status == 304)
            let patched = try server.request("PATCH", "/v1/segments/\(id)", headers: ["If-Match": "\"1\"", "Content-Type": "application/merge-patch+json"],
                                             body: #"{"description":"Paying people"}"#)
            #expect(patched.status == 200 && Support.json(patched)["version"] as? Int == 2)
            #expect(try server.request("PATCH", "/v1/segments/\(id)", headers: ["If-Match": "\"1\""], body: #"{"name":"x"}"#).status == 412)
            let second = try Support.post(server, "/v1/segments", ["name": "Leads", "filter": ["any": [] as [Any]]])
            let page = try Support.get(server, "/v1/segments?limit=1")
            #expect((page["data"] as? [[String: Any]])?.first?["id"] as? String == id)
            let next = try #require(page["nextCursor"] as? String)
            let rest = try Support.get(server, "/v1/segments?limit=1&cursor=\(next)")
            #expect((rest["data"] as? [[String: Any]])?.map { $0["id"] as? String } == [second["id"] as? String] && rest["nextCursor"] is NSNull)

            #expect(try server.request("DELETE", "/v1/segments/\(id)").status == 204)
            #expect(try server.request("GET", "/v1/segments/\(id)").status == 404)
            #expect(try server.request("GET", "/v1/segments?colour=red").status == 400)
        }
    }

    @Test func invalidSegmentsNameTheBadPart() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let cases: [([String: Any], String)] = [
                (["name": "x", "filter": ["all": [["field": "lifecycleStage", "op": "gt", "value": "lead"]]]], "filter.all[0].op"),
                (["name": "x", "filter": ["all": [["field": "colour", "op": "eq", "value": "red"]]]], "filter.all[0].field"),
                (["name": "x", "filter": ["none": []]], "filter"),
                (["name": "x"], "filter"),
                (["name": "", "filter": ["all": []]], "name"),
                (["name": "x", "filter": ["all": []], "id": "sg_x"], "id"),
                (["name": "x", "filter": ["all": []], "colour": "red"], "colour"),
            ]
            for (body, field) in cases {
                let response = try server.request("POST", "/v1/segments", body: Support.text(body))
                #expect(response.status == 422, "\(body)")
                let errors = Support.json(response)["errors"] as? [[String: Any]] ?? []
                #expect(errors.contains { $0["field"] as? String == field }, "\(body): \(response.text)")
            }
            #expect(try Support.get(server, "/v1/segments")["data"] as? [Any] != nil)
            #expect((try Support.get(server, "/v1/segments")["data"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func membersAreWorkedOutWhenAskedWithDerivedFieldsAndRelativeDates() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            var ids: [String] = []
            for index in 0..<7 {
                ids.append(try Support.post(server, "/v1/contacts", ["email": "m\(index)@example.com", "lifecycleStage": index < 5 ? "customer" : "lead"])["id"] as! String)
            }
            // Contacts 0–2 bought recently, contact 3 long ago.
            for index in 0..<3 {
                try Support.post(server, "/v1/contacts/\(ids[index])/interactions", ["type": "purchase", "amount": 1000 * (index + 1), "currency": "EUR"])
            }
            try Support.post(server, "/v1/contacts/\(ids[3])/interactions",
                             ["type": "purchase", "amount": 500, "currency": "EUR", "occurredAt": "2020-01-01T00:00:00Z"])
            let recent = try Support.post(server, "/v1/segments", ["name": "Recent buyers", "filter": ["all": [
                ["field": "lifecycleStage", "op": "eq", "value": "customer"],
                ["field": "lastPurchaseAt", "op": "after", "value": "-30d"],
            ]]])["id"] as! String
            var page = try Support.get(server, "/v1/segments/\(recent)/contacts?limit=2")
            #expect(page["total"] as? Int == 3)
            #expect((page["data"] as? [[String: Any]])?.map { $0["id"] as? String } == [ids[0], ids[1]])
            let next = try #require(page["nextCursor"] as? String)
            page = try Support.get(server, "/v1/segments/\(recent)/contacts?limit=2&cursor=\(next)")
            #expect((page["data"] as? [[String: Any]])?.map { $0["id"] as? String } == [ids[2]] && page["nextCursor"] is NSNull)
            #expect(page["total"] as? Int == 3)

            let big = try Support.post(server, "/v1/segments", ["name": "Big spenders", "filter": ["all": [
                ["field": "totalSpent", "op": "gte", "value": 2000], ["field": "purchaseCount", "op": "eq", "value": 1],
            ]]])["id"] as! String
            #expect((try Support.get(server, "/v1/segments/\(big)/contacts")["data"] as? [[String: Any]])?.map { $0["id"] as? String } == [ids[1], ids[2]])
            let scored = try Support.post(server, "/v1/segments", ["name": "Scored", "filter": ["all": [["field": "leadScore", "op": "gte", "value": 50]]]])["id"] as! String
            // customer 40 + recent interaction 30 + one interaction 5 = 75 for the recent buyers only.
            #expect(try Support.get(server, "/v1/segments/\(scored)/contacts")["total"] as? Int == 3)
            #expect(try server.request("GET", "/v1/segments/sg_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X/contacts").status == 404)
            #expect(try server.request("GET", "/v1/segments/\(recent)/contacts?sort=x").status == 400)
        }
    }

    @Test func aSegmentThatANonDraftCampaignUsesCannotBeDeleted() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let segment = try Support.post(server, "/v1/segments", ["name": "All", "filter": ["all": [] as [Any]]])["id"] as! String
            let draft = try Support.post(server, "/v1/campaigns", Support.emailCampaign(audience: ["segmentId": segment]))["id"] as! String
            let scheduled = try Support.post(server, "/v1/campaigns", Support.emailCampaign(audience: ["segmentId": segment],
                                                                                       extra: ["scheduledAt": "2999-01-01T00:00:00Z"]))["id"] as! String
            let refused = try server.request("DELETE", "/v1/segments/\(segment)")
            #expect(refused.status == 409 && refused.text.contains(scheduled))
            #expect(try server.request("DELETE", "/v1/campaigns/\(scheduled)").status == 204)
            #expect(try server.request("DELETE", "/v1/segments/\(segment)").status == 204)
            // The draft stays; it cannot be launched or scheduled until it names another audience.
            let launch = try server.request("POST", "/v1/campaigns/\(draft)/launch")
            #expect(launch.status == 422 && launch.text.contains("segmentId"))
            #expect(try server.request("PATCH", "/v1/campaigns/\(draft)", body: #"{"scheduledAt":"2999-01-01T00:00:00Z"}"#).status == 422)
        }
    }
}

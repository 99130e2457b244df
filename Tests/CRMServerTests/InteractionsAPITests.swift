import CRMTestSupport
import Foundation
import Testing

/// The interactions endpoints and the contact facts they feed, over real sockets against a
/// `crm serve` process on a temp directory.
@Suite struct InteractionsAPITests {
    static func json(_ response: RawResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    static func data(_ response: RawResponse) -> [[String: Any]] {
        json(response)["data"] as? [[String: Any]] ?? []
    }

    static func contact(_ server: TestServer, _ body: String) throws -> String {
        let created = try server.request("POST", "/v1/contacts", body: body)
        #expect(created.status == 201)
        return json(created)["id"] as! String
    }

    static func record(_ server: TestServer, _ contact: String, _ body: String) throws -> String {
        let created = try server.request("POST", "/v1/contacts/\(contact)/interactions", body: body)
        #expect(created.status == 201, "\(created.text)")
        return json(created)["id"] as? String ?? ""
    }

    @Test func recordsReadsAndListsNewestFirstWithFilters() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let anna = try Self.contact(server, #"{"email":"anna@example.com"}"#)
            let bob = try Self.contact(server, #"{"email":"bob@example.com"}"#)
            let created = try server.request("POST", "/v1/contacts/\(anna)/interactions",
                                             body: #"{"type":"call","direction":"inbound","channel":"phone","subject":"Hello","occurredAt":"2026-01-10T09:00:00Z","metadata":{"minutes":12}}"#)
            #expect(created.status == 201)
            let call = Self.json(created)
            let callId = call["id"] as! String
            #expect(callId.hasPrefix("ix_"))
            #expect(created.header("Location") == "/v1/interactions/\(callId)")
            #expect(call["contactId"] as? String == anna)
            #expect(call["occurredAt"] as? String == "2026-01-10T09:00:00.000Z")
            #expect((call["metadata"] as? [String: Any])?["minutes"] as? Int == 12)
            let fetched = try server.request("GET", "/v1/interactions/\(callId)")
            #expect(fetched.status == 200)
            #expect(Self.json(fetched)["subject"] as? String == "Hello")

            let purchase = try Self.record(server, anna, #"{"type":"purchase","currency":"EUR","occurredAt":"2026-02-01T10:00:00Z","items":[{"sku":"A-1","name":"Mug","quantity":2,"unitPrice":1250}]}"#)
            let email = try Self.record(server, anna, #"{"type":"email","direction":"outbound","occurredAt":"2026-03-01T10:00:00Z"}"#)
            let visit = try Self.record(server, bob, #"{"type":"web_visit","occurredAt":"2026-02-15T10:00:00Z"}"#)
            let now = try Self.record(server, bob, #"{"type":"note","body":"no date means now"}"#)
            #expect(Self.json(try server.request("GET", "/v1/interactions/\(purchase)"))["amount"] as? Int == 2500)

            func ids(_ path: String) throws -> [String] {
                let response = try server.request("GET", path)
                #expect(response.status == 200, "\(path): \(response.text)")
                return Self.data(response).compactMap { $0["id"] as? String }
            }
            #expect(try ids("/v1/contacts/\(anna)/interactions") == [email, purchase, callId])
            #expect(try ids("/v1/interactions") == [now, email, visit, purchase, callId])
            #expect(try ids("/v1/interactions?contactId=\(bob)") == [now, visit])
            #expect(try ids("/v1/interactions?type=purchase,call") == [purchase, callId])
            #expect(try ids("/v1/contacts/\(anna)/interactions?type=email") == [email])
            #expect(try ids("/v1/interactions?since=2026-02-01T10:00:00Z&until=2026-03-01T10:00:00Z") == [email, visit, purchase])
            #expect(try ids("/v1/interactions?until=2026-01-31T00:00:00Z") == [callId])

            // Paging one at a time walks everything once, newest first.
            var walked: [String] = []
            var cursor: String?
            repeat {
                let page = Self.json(try server.request("GET", "/v1/interactions?limit=1" + (cursor.map { "&cursor=\($0)" } ?? "")))
                walked += (page["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                cursor = page["nextCursor"] as? String
            } while cursor != nil && walked.count < 20
            #expect(walked == [now, email, visit, purchase, callId])
        }
    }

    @Test func refusesBadInputUnknownContactsAndBadQueries() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let id = try Self.contact(server, #"{"email":"c@example.com"}"#)
            let invalid = try server.request("POST", "/v1/contacts/\(id)/interactions",
                                             body: #"{"type":"purchase","amount":-1,"items":[{"quantity":0,"unitPrice":1,"sku":"x"}],"contactId":"ct_x","mood":1}"#)
            #expect(invalid.status == 422)
            let errors = (Self.json(invalid)["errors"] as? [[String: Any]] ?? []).map { "\($0["field"]!):\($0["code"]!)" }
            #expect(Set(errors) == ["contactId:read_only", "amount:invalid_value", "currency:required", "items[0].quantity:invalid_value", "mood:unknown_field"])
            #expect(try server.request("POST", "/v1/contacts/\(id)/interactions", body: #"{"type":"note","occurredAt":"2999-01-01T00:00:00Z"}"#).status == 422)
            #expect(try server.request("POST", "/v1/contacts/\(id)/interactions", body: #"{"type":"call","amount":5,"currency":"EUR"}"#).status == 422)
            #expect(try server.request("POST", "/v1/contacts/\(id)/interactions", body: #"{"type":"#).status == 400)
            #expect(try server.request("POST", "/v1/contacts/\(id)/interactions", headers: ["Content-Type": "text/plain"], body: "call").status == 415)
            #expect(try server.request("POST", "/v1/contacts/ct_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X/interactions", body: #"{"type":"note"}"#).status == 404)
            #expect(try server.request("POST", "/v1/contacts/nonsense/interactions", body: #"{"type":"note"}"#).status == 404)
            #expect(try server.request("GET", "/v1/contacts/ct_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X/interactions").status == 404)
            #expect(try server.request("GET", "/v1/interactions/ix_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X").status == 404)
            #expect(try server.request("GET", "/v1/interactions/ct_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X").status == 404)
            for query in ["type=fax", "since=yesterday", "until=2026", "limit=0", "limit=501", "cursor=forged", "colour=red", "contactId=bob"] {
                #expect(try server.request("GET", "/v1/interactions?\(query)").status == 400, "\(query)")
            }
            #expect(try server.request("GET", "/v1/contacts/\(id)/interactions?contactId=\(id)").status == 400)
            #expect(try server.request("DELETE", "/v1/interactions").status == 405)
            #expect(try server.request("GET", "/v1/interactions", key: nil).status == 401)
            #expect(Self.data(try server.request("GET", "/v1/interactions")).isEmpty)
            #expect(Self.json(try server.request("GET", "/v1/contacts/\(id)"))["interactionCount"] as? Int == 0)
        }
    }

    @Test func factsAndLeadScoreFollowInteractionsSurvivePatchAndRestart() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let buyer = try Self.contact(server, #"{"email":"buyer@example.com","lifecycleStage":"lead"}"#)
            let quiet = try Self.contact(server, #"{"email":"quiet@example.com","lifecycleStage":"lead"}"#)
            let initial = Self.json(try server.request("GET", "/v1/contacts/\(buyer)"))
            #expect(initial["leadScore"] as? Int == 10)
            #expect(initial["lastInteractionAt"] is NSNull)
            let recent = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-3_600))
            _ = try Self.record(server, buyer, #"{"type":"purchase","amount":1999,"currency":"EUR","occurredAt":"2026-01-05T10:00:00Z"}"#)
            _ = try Self.record(server, buyer, #"{"type":"purchase","currency":"EUR","occurredAt":"\#(recent)","items":[{"sku":"B","quantity":3,"unitPrice":100}]}"#)
            _ = try Self.record(server, buyer, #"{"type":"purchase","amount":500,"currency":"USD","occurredAt":"2025-12-24T10:00:00Z"}"#)
            _ = try Self.record(server, buyer, #"{"type":"call","occurredAt":"2025-06-01T10:00:00Z"}"#)

            func check(_ label: String, stage: String, score: Int) throws {
                let contact = Self.json(try server.request("GET", "/v1/contacts/\(buyer)"))
                #expect(contact["lifecycleStage"] as? String == stage, "\(label)")
                #expect(contact["interactionCount"] as? Int == 4, "\(label)")
                #expect(contact["lastInteractionAt"] as? String == recent.replacingOccurrences(of: "Z", with: ".000Z"), "\(label)")
                let purchases = contact["purchases"] as? [String: Any] ?? [:]
                #expect(purchases["purchaseCount"] as? Int == 3, "\(label)")
                #expect(purchases["totalSpent"] as? [String: Int] == ["EUR": 2299, "USD": 500], "\(label)")
                #expect(purchases["firstPurchaseAt"] as? String == "2025-12-24T10:00:00.000Z", "\(label)")
                #expect(purchases["lastPurchaseAt"] as? String == recent.replacingOccurrences(of: "Z", with: ".000Z"), "\(label)")
                // Stage points + 30 (last interaction within 7 days) + 10 (2–4 interactions).
                #expect(contact["leadScore"] as? Int == score, "\(label)")
            }
            try check("after purchases", stage: "lead", score: 10 + 30 + 10)
            let patched = try server.request("PATCH", "/v1/contacts/\(buyer)", body: #"{"lifecycleStage":"customer","title":"CTO"}"#)
            #expect(patched.status == 200)
            #expect(Self.json(patched)["leadScore"] as? Int == 40 + 30 + 10)
            #expect(Self.json(patched)["interactionCount"] as? Int == 4)
            try check("after patch", stage: "customer", score: 40 + 30 + 10)
            func emails(_ sort: String) throws -> [String] {
                Self.data(try server.request("GET", "/v1/contacts?sort=\(sort)")).compactMap { $0["email"] as? String }
            }
            #expect(try emails("-leadScore") == ["buyer@example.com", "quiet@example.com"])
            #expect(try emails("leadScore") == ["quiet@example.com", "buyer@example.com"])
            #expect(try emails("-lastInteractionAt") == ["buyer@example.com", "quiet@example.com"])
            _ = quiet
            try server.restart()
            try check("after restart", stage: "customer", score: 40 + 30 + 10)
            server.crash()
            try server.restart()
            try check("after kill -9", stage: "customer", score: 40 + 30 + 10)
        }
    }

    @Test func deletingAContactDeletesItsInteractions() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let gone = try Self.contact(server, #"{"email":"gone@example.com"}"#)
            let kept = try Self.contact(server, #"{"email":"kept@example.com"}"#)
            let hidden = try Self.record(server, gone, #"{"type":"note"}"#)
            let shown = try Self.record(server, kept, #"{"type":"note"}"#)
            #expect(try server.request("DELETE", "/v1/contacts/\(gone)", headers: ["X-Request-Id": "delete-gone"]).status == 204)
            // The delete takes the contact's interactions with it (so compaction drops them too).
            let deletes = try BatchAPITests.logRecords(server, requestId: "delete-gone")
            #expect(deletes.map { "\($0["type"]!):\($0["id"]!):\($0["op"]!)" } == ["interaction:\(hidden):delete", "contact:\(gone):delete"])
            #expect(try server.request("GET", "/v1/interactions/\(hidden)").status == 404)
            #expect(try server.request("GET", "/v1/contacts/\(gone)/interactions").status == 404)
            #expect(try server.request("POST", "/v1/contacts/\(gone)/interactions", body: #"{"type":"note"}"#).status == 404)
            #expect(Self.data(try server.request("GET", "/v1/interactions")).compactMap { $0["id"] as? String } == [shown])
            #expect(Self.data(try server.request("GET", "/v1/interactions?contactId=\(gone)")).isEmpty)
            try server.restart()
            #expect(try server.request("GET", "/v1/interactions/\(hidden)").status == 404)
            #expect(Self.data(try server.request("GET", "/v1/interactions")).compactMap { $0["id"] as? String } == [shown])
        }
    }
}

import CRMTestSupport
import Foundation
import Testing

/// Bulk sync (`POST /v1/contacts/batch`) over real sockets against a `crm serve` process.
@Suite struct BatchAPITests {
    static func json(_ response: RawResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    static func results(_ response: RawResponse) -> [[String: Any]] {
        json(response)["results"] as? [[String: Any]] ?? []
    }

    static func statuses(_ response: RawResponse) -> [String] {
        results(response).compactMap { $0["status"] as? String }
    }

    /// The log lines a request wrote, as JSON objects.
    static func logRecords(_ server: TestServer, requestId: String) throws -> [[String: Any]] {
        let files = try FileManager.default.contentsOfDirectory(atPath: server.dataDirectory.path).filter { $0.hasSuffix(".jsonl") }
        var records: [[String: Any]] = []
        for file in files.sorted() {
            let text = try String(contentsOf: server.dataDirectory.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                guard let record = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      record["req"] as? String == requestId else { continue }
                records.append(record)
            }
        }
        return records
    }

    @Test func mixesCreatedUpdatedUnchangedAndErrorsInOneCommit() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let existing = Self.json(try server.request("POST", "/v1/contacts", body: #"{"email":"old@example.com","firstName":"Old","tags":["a"]}"#))
            let oldId = existing["id"] as! String
            let taken = Self.json(try server.request("POST", "/v1/contacts", body: #"{"email":"taken@example.com","externalId":"EXT-1"}"#))
            _ = try server.request("POST", "/v1/contacts/\(oldId)/interactions", body: #"{"type":"purchase","amount":100,"currency":"EUR"}"#)
            let body = #"""
            {"matchOn":"email","items":[
              {"email":"new@example.com","firstName":"New"},
              {"email":"OLD@example.com","lastName":"Timer"},
              {"email":"taken@example.com","externalId":"EXT-1"},
              {"email":"other@example.com","externalId":"EXT-1"},
              {"firstName":"No key"},
              {"email":"bad@","id":"ct_x","colour":"red"},
              "not an object",
              {"email":"new@example.com","company":"Acme"}
            ]}
            """#
            let response = try server.request("POST", "/v1/contacts/batch", headers: ["X-Request-Id": "batch-mix-1"], body: body)
            #expect(response.status == 200, "\(response.text)")
            #expect(Self.statuses(response) == ["created", "updated", "unchanged", "error", "error", "error", "error", "updated"])
            let answer = Self.json(response)
            #expect(answer["created"] as? Int == 1)
            #expect(answer["updated"] as? Int == 2)
            #expect(answer["unchanged"] as? Int == 1)
            #expect(answer["failed"] as? Int == 4)
            let results = Self.results(response)
            #expect(results.map { $0["index"] as? Int } == Array(0..<8))
            #expect(results[1]["id"] as? String == oldId)
            #expect(results[2]["id"] as? String == taken["id"] as? String)
            #expect(results[7]["id"] as? String == results[0]["id"] as? String, "a later item with the same key updates the earlier one")
            let conflict = results[3]["error"] as? [String: Any] ?? [:]
            #expect(conflict["status"] as? Int == 409)
            #expect((conflict["errors"] as? [[String: Any]])?.first?["code"] as? String == "not_unique")
            let missing = results[4]["error"] as? [String: Any] ?? [:]
            #expect(missing["status"] as? Int == 422)
            #expect((missing["errors"] as? [[String: Any]])?.first?["field"] as? String == "email")
            let invalid = (results[5]["error"] as? [String: Any])?["errors"] as? [[String: Any]] ?? []
            #expect(Set(invalid.map { "\($0["field"]!):\($0["code"]!)" }) == ["email:invalid_value", "id:read_only", "colour:unknown_field"])

            // Present fields overwrite, absent ones stay; the facts survive the update.
            let old = Self.json(try server.request("GET", "/v1/contacts/\(oldId)"))
            #expect(old["email"] as? String == "OLD@example.com")
            #expect(old["firstName"] as? String == "Old")
            #expect(old["lastName"] as? String == "Timer")
            #expect(old["tags"] as? [String] == ["a"])
            #expect(old["version"] as? Int == 2)
            #expect((old["purchases"] as? [String: Any])?["purchaseCount"] as? Int == 1)
            #expect(Self.json(try server.request("GET", "/v1/contacts/\(taken["id"] as! String)"))["version"] as? Int == 1)
            let new = Self.json(try server.request("GET", "/v1/contacts/\(results[0]["id"] as! String)"))
            #expect(new["company"] as? String == "Acme")
            #expect(new["firstName"] as? String == "New")
            #expect(new["version"] as? Int == 2)
            #expect(try server.request("GET", "/v1/contacts?email=other@example.com").text.contains("\"data\":[]"))

            // One commit: every record of the batch carries the same commit time, in consecutive seqs.
            let records = try Self.logRecords(server, requestId: "batch-mix-1")
            #expect(records.count == 3)
            #expect(Set(records.compactMap { $0["at"] as? Int }).count == 1)
            let seqs = records.compactMap { $0["seq"] as? Int }
            #expect(seqs == Array((seqs.first ?? 0)..<(seqs.first ?? 0) + 3))

            // Sending the same batch again changes nothing the second time round.
            let again = try server.request("POST", "/v1/contacts/batch", headers: ["X-Request-Id": "batch-mix-2"],
                                           body: #"{"matchOn":"email","items":[{"email":"OLD@example.com","lastName":"Timer"},{"email":"new@example.com","company":"Acme"}]}"#)
            #expect(Self.statuses(again) == ["unchanged", "unchanged"])
            #expect(try Self.logRecords(server, requestId: "batch-mix-2").isEmpty)
            #expect(Self.json(try server.request("GET", "/v1/contacts/\(oldId)"))["version"] as? Int == 2)
        }
    }

    @Test func matchesOnExternalId() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let first = try server.request("POST", "/v1/contacts/batch", body: #"""
            {"matchOn":"externalId","items":[{"externalId":"A","email":"a@example.com"},{"externalId":"B","phone":"+4930123456"},
              {"email":"c@example.com"},{"externalId":"C","email":"A@example.com"}]}
            """#)
            #expect(Self.statuses(first) == ["created", "created", "error", "error"])
            #expect((Self.results(first)[3]["error"] as? [String: Any])?["status"] as? Int == 409)
            // Moving A's email to B in the same batch that frees it from A works in order.
            let second = try server.request("POST", "/v1/contacts/batch", body: #"""
            {"matchOn":"externalId","items":[{"externalId":"A","email":"a2@example.com"},{"externalId":"B","email":"a@example.com"},{"externalId":"A","email":null}]}
            """#)
            #expect(Self.statuses(second) == ["updated", "updated", "updated"], "\(second.text)")
            let b = Self.json(try server.request("GET", "/v1/contacts/\(Self.results(second)[1]["id"] as! String)"))
            #expect(b["email"] as? String == "a@example.com")
            #expect(b["phone"] as? String == "+4930123456")
            let a = Self.json(try server.request("GET", "/v1/contacts/\(Self.results(second)[0]["id"] as! String)"))
            #expect(a["email"] is NSNull)
            #expect(a["version"] as? Int == 3)
            try server.restart()
            #expect(Self.json(try server.request("GET", "/v1/contacts/\(b["id"] as! String)"))["email"] as? String == "a@example.com")
        }
    }

    @Test func takesAThousandItemsAndRefusesMoreOrABadEnvelope() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let items = (0..<1000).map { #"{"email":"bulk\#($0)@example.com","firstName":"Bulk","tags":["import"]}"# }
            let response = try server.request("POST", "/v1/contacts/batch", headers: ["X-Request-Id": "batch-1000"],
                                              body: #"{"matchOn":"email","items":[\#(items.joined(separator: ","))]}"#)
            #expect(response.status == 200)
            #expect(Self.json(response)["created"] as? Int == 1000)
            let records = try Self.logRecords(server, requestId: "batch-1000")
            #expect(records.count == 1000)
            #expect(Set(records.compactMap { $0["at"] as? Int }).count == 1)
            let listed = Self.json(try server.request("GET", "/v1/contacts?tag=import&limit=500"))
            #expect((listed["data"] as? [Any])?.count == 500)
            #expect(listed["nextCursor"] is String)

            let tooMany = (0...1000).map { #"{"email":"more\#($0)@example.com"}"# }
            let refused = try server.request("POST", "/v1/contacts/batch", body: #"{"matchOn":"email","items":[\#(tooMany.joined(separator: ","))]}"#)
            #expect(refused.status == 413)
            #expect(Self.json(refused)["type"] as? String == "urn:crm:problem:too-large")
            #expect(try server.request("GET", "/v1/contacts?email=more0@example.com").text.contains("\"data\":[]"))

            let envelope = try server.request("POST", "/v1/contacts/batch", body: #"{"matchOn":"phone","items":{},"dryRun":true}"#)
            #expect(envelope.status == 422)
            let fields = (Self.json(envelope)["errors"] as? [[String: Any]] ?? []).map { "\($0["field"]!):\($0["code"]!)" }
            #expect(Set(fields) == ["matchOn:invalid_value", "items:invalid_type", "dryRun:unknown_field"])
            #expect(try server.request("POST", "/v1/contacts/batch", body: #"{"items":[]}"#).status == 422)
            #expect(try server.request("POST", "/v1/contacts/batch", body: #"[1]"#).status == 422)
            #expect(try server.request("POST", "/v1/contacts/batch", body: #"{"matchOn":"#).status == 400)
            #expect(try server.request("POST", "/v1/contacts/batch", headers: ["Content-Type": "text/csv"], body: "a").status == 415)
            #expect(try server.request("GET", "/v1/contacts/batch").status == 405)
            let empty = try server.request("POST", "/v1/contacts/batch", body: #"{"matchOn":"email","items":[]}"#)
            #expect(empty.status == 200)
            #expect(Self.results(empty).isEmpty)
        }
    }
}

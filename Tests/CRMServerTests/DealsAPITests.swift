import CRMTestSupport
import Foundation
import Testing

/// Deals and the pipeline over real sockets against a `crm serve` process: stage rules, history
/// across restart and compaction, pipeline edits refused while in use, lists, and the contact links.
@Suite struct DealsAPITests {
    static func json(_ response: RawResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    static func contact(_ server: TestServer, _ email: String) throws -> String {
        let created = try server.request("POST", "/v1/contacts", body: #"{"email":"\#(email)","firstName":"Deal","lastName":"Person"}"#)
        #expect(created.status == 201)
        return json(created)["id"] as! String
    }

    static func errorFields(_ response: RawResponse) -> [String] {
        (json(response)["errors"] as? [[String: Any]] ?? []).map { "\($0["field"]!):\($0["code"]!)" }
    }

    static func stages(_ deal: [String: Any]) -> [String] {
        (deal["stageHistory"] as? [[String: Any]] ?? []).map { $0["stage"] as! String }
    }

    @Test func stageRulesCloseReopenAndRequireALostReason() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let contact = try Self.contact(server, "rules@example.com")
            let missing = try server.request("POST", "/v1/deals", body: #"{"name":"Ghost","contactId":"ct_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X"}"#)
            #expect(missing.status == 422)
            #expect(Self.errorFields(missing) == ["contactId:not_found"])
            #expect(Self.errorFields(try server.request("POST", "/v1/deals", body: #"{"name":"X","contactId":"\#(contact)","stage":"nowhere"}"#)) == ["stage:invalid_value"])
            #expect(Self.errorFields(try server.request("POST", "/v1/deals", body: #"{"name":"X","contactId":"\#(contact)","amount":5}"#)) == ["currency:required"])
            #expect(Self.errorFields(try server.request("POST", "/v1/deals", body: #"{"name":"X","contactId":"\#(contact)","closedAt":"2026-01-01T00:00:00.000Z"}"#)) == ["closedAt:read_only"])

            let created = try server.request("POST", "/v1/deals", body: #"{"name":"Renewal","contactId":"\#(contact)","amount":250000,"currency":"EUR","expectedCloseDate":"2026-12-31"}"#)
            #expect(created.status == 201)
            var deal = Self.json(created)
            let id = deal["id"] as! String
            #expect(id.hasPrefix("dl_"))
            #expect(created.header("Location") == "/v1/deals/\(id)")
            #expect(deal["stage"] as? String == "qualification")
            #expect(deal["probability"] as? Double == 0.1)
            #expect(deal["closedAt"] is NSNull)

            let lostWithoutReason = try server.request("PATCH", "/v1/deals/\(id)", body: #"{"stage":"lost"}"#)
            #expect(lostWithoutReason.status == 422)
            #expect(Self.errorFields(lostWithoutReason) == ["lostReason:required"])
            #expect(Self.errorFields(try server.request("PATCH", "/v1/deals/\(id)", body: #"{"lostReason":"price"}"#)) == ["lostReason:invalid_value"])
            #expect(Self.json(try server.request("GET", "/v1/deals/\(id)"))["version"] as? Int == 1, "refused patches change nothing")

            deal = Self.json(try server.request("PATCH", "/v1/deals/\(id)", body: #"{"stage":"proposal"}"#))
            #expect(deal["closedAt"] is NSNull)
            deal = Self.json(try server.request("PATCH", "/v1/deals/\(id)", body: #"{"stage":"lost","lostReason":"went with a competitor"}"#))
            #expect(deal["stage"] as? String == "lost")
            #expect(deal["closedAt"] is String)
            #expect(deal["probability"] as? Double == 0)
            deal = Self.json(try server.request("PATCH", "/v1/deals/\(id)", body: #"{"stage":"negotiation"}"#))
            #expect(deal["closedAt"] is NSNull, "reopening clears closedAt")
            #expect(deal["lostReason"] is NSNull, "reopening clears the lost reason")
            deal = Self.json(try server.request("PATCH", "/v1/deals/\(id)", headers: ["If-Match": "\"4\""], body: #"{"stage":"won"}"#))
            #expect(deal["closedAt"] is String)
            #expect(deal["version"] as? Int == 5)
            #expect(Self.stages(deal) == ["qualification", "proposal", "lost", "negotiation", "won"])
            #expect(try server.request("PATCH", "/v1/deals/\(id)", headers: ["If-Match": "\"1\""], body: #"{"amount":1}"#).status == 412)
            #expect(try server.request("DELETE", "/v1/deals/\(id)").status == 204)
            #expect(try server.request("GET", "/v1/deals/\(id)").status == 404)
        }
    }

    @Test func stageHistorySurvivesRestartAndCompaction() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let contact = try Self.contact(server, "history@example.com")
            let id = Self.json(try server.request("POST", "/v1/deals", body: #"{"name":"Expansion","contactId":"\#(contact)"}"#))["id"] as! String
            for stage in ["needs_analysis", "proposal", "negotiation"] {
                #expect(try server.request("PATCH", "/v1/deals/\(id)", body: #"{"stage":"\#(stage)"}"#).status == 200)
            }
            let before = Self.json(try server.request("GET", "/v1/deals/\(id)"))
            #expect(try server.request("POST", "/v1/admin/compact").status == 200)
            try server.restart()
            let after = Self.json(try server.request("GET", "/v1/deals/\(id)"))
            #expect(Self.stages(after) == ["qualification", "needs_analysis", "proposal", "negotiation"])
            #expect(after["stageHistory"] as? [[String: String]] == before["stageHistory"] as? [[String: String]])
            #expect(after["version"] as? Int == 4)
            let history = Self.json(try server.request("GET", "/v1/deals/\(id)/history"))["data"] as? [[String: Any]] ?? []
            #expect(history.count == 4, "every version is still inside the history window")
            #expect(try server.request("GET", "/v1/deals/dl_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X/history").status == 404)
        }
    }

    @Test func pipelineEditsAreValidatedAndRefusedWhileInUse() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let standard = try server.request("GET", "/v1/pipeline")
            #expect(standard.status == 200)
            #expect((Self.json(standard)["stages"] as? [[String: Any]])?.map { $0["key"] as! String }
                    == ["qualification", "needs_analysis", "proposal", "negotiation", "won", "lost"])
            let twoWon = try server.request("PUT", "/v1/pipeline", body: #"{"stages":[{"key":"a","probability":1},{"key":"b","probability":1},{"key":"c","probability":0}]}"#)
            #expect(twoWon.status == 422)
            #expect(try server.request("PUT", "/v1/pipeline", body: #"{"stages":[{"key":"Bad Key","probability":0.5},{"key":"w","probability":1},{"key":"l","probability":0}]}"#).status == 422)
            #expect(try server.request("PUT", "/v1/pipeline", body: #"{"stages":[{"key":"a","probability":0.5},{"key":"a","probability":1},{"key":"l","probability":0}]}"#).status == 422)

            let contact = try Self.contact(server, "pipeline@example.com")
            for _ in 0..<2 {
                #expect(try server.request("POST", "/v1/deals", body: #"{"name":"P","contactId":"\#(contact)","stage":"proposal"}"#).status == 201)
            }
            let withoutProposal = #"{"stages":[{"key":"qualification","probability":0.1},{"key":"won","probability":1},{"key":"lost","probability":0}]}"#
            let refused = try server.request("PUT", "/v1/pipeline", body: withoutProposal)
            #expect(refused.status == 409)
            #expect((Self.json(refused)["detail"] as? String)?.contains("'proposal' holds 2 deals") == true)
            let flipped = #"{"stages":[{"key":"proposal","probability":1},{"key":"won","probability":0.5},{"key":"lost","probability":0}]}"#
            #expect(try server.request("PUT", "/v1/pipeline", body: flipped).status == 409)

            let replaced = try server.request("PUT", "/v1/pipeline", headers: ["If-Match": "\"0\""],
                                              body: #"{"stages":[{"key":"discovery","probability":0.05},{"key":"proposal","probability":0.6},{"key":"won","probability":1},{"key":"lost","probability":0}]}"#)
            #expect(replaced.status == 200)
            #expect(replaced.header("ETag") == "\"1\"")
            #expect(try server.request("PUT", "/v1/pipeline", headers: ["If-Match": "\"0\""], body: withoutProposal).status == 412)
            let fresh = Self.json(try server.request("POST", "/v1/deals", body: #"{"name":"New","contactId":"\#(contact)"}"#))
            #expect(fresh["stage"] as? String == "discovery")
            try server.restart()
            #expect((Self.json(try server.request("GET", "/v1/pipeline"))["stages"] as? [[String: Any]])?.count == 4)
        }
    }

    @Test func listsFilterSortAndPage() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let anna = try Self.contact(server, "anna.deals@example.com")
            let ben = try Self.contact(server, "ben.deals@example.com")
            let specs: [(String, String, Int, String, String)] = [
                ("a", anna, 500, "proposal", "2026-01-10"), ("b", anna, 100, "won", "2026-02-10"), ("c", ben, 900, "qualification", "2026-03-10"),
                ("d", ben, 300, "negotiation", "2026-04-10"), ("e", anna, 700, "proposal", "2026-05-10"),
            ]
            for (name, contact, amount, stage, date) in specs {
                let body = #"{"name":"\#(name)","contactId":"\#(contact)","amount":\#(amount),"currency":"EUR","stage":"\#(stage)","ownerId":"u1","expectedCloseDate":"\#(date)"}"#
                #expect(try server.request("POST", "/v1/deals", body: body).status == 201)
            }
            func names(_ path: String) throws -> [String] {
                (Self.json(try server.request("GET", path))["data"] as? [[String: Any]] ?? []).map { $0["name"] as! String }
            }
            #expect(try names("/v1/deals?sort=-amount") == ["c", "e", "a", "d", "b"])
            #expect(try names("/v1/deals?open=true&sort=amount") == ["d", "a", "e", "c"])
            #expect(try names("/v1/deals?open=false") == ["b"])
            #expect(try names("/v1/deals?stage=proposal,won") == ["a", "b", "e"])
            #expect(try names("/v1/deals?contactId=\(ben)") == ["c", "d"])
            #expect(try names("/v1/deals?expectedCloseAfter=2026-02-10&expectedCloseBefore=2026-04-10&sort=expectedCloseDate") == ["b", "c", "d"])
            #expect(try server.request("GET", "/v1/deals?sort=probability").status == 400)
            #expect(try server.request("GET", "/v1/deals?open=maybe").status == 400)
            #expect(try server.request("GET", "/v1/deals?color=red").status == 400)
            var walked: [String] = []
            var cursor: String?
            for _ in 0..<10 {
                let path = "/v1/deals?sort=-amount&limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = Self.json(try server.request("GET", path))
                walked += (page["data"] as? [[String: Any]] ?? []).map { $0["name"] as! String }
                cursor = page["nextCursor"] as? String
                if cursor == nil { break }
            }
            #expect(walked == ["c", "e", "a", "d", "b"])
            // Every sort walks to the same order as one big page, in both directions.
            for sort in ["createdAt", "-createdAt", "amount", "-expectedCloseDate", "updatedAt"] {
                let whole = try names("/v1/deals?sort=\(sort)&limit=100")
                var pages: [String] = []
                var next: String?
                for _ in 0..<10 {
                    let page = Self.json(try server.request("GET", "/v1/deals?sort=\(sort)&limit=2" + (next.map { "&cursor=\($0)" } ?? "")))
                    pages += (page["data"] as? [[String: Any]] ?? []).map { $0["name"] as! String }
                    next = page["nextCursor"] as? String
                    if next == nil { break }
                }
                #expect(whole.count == 5 && pages == whole, "\(sort)")
            }
            #expect(try names("/v1/deals?sort=createdAt") == ["a", "b", "c", "d", "e"])
            #expect(try names("/v1/deals?sort=-createdAt") == ["e", "d", "c", "b", "a"])
            // A deleted deal leaves the creation order; an updated one keeps its place.
            let all = Self.json(try server.request("GET", "/v1/deals?sort=createdAt"))["data"] as? [[String: Any]] ?? []
            let idOf = Dictionary(uniqueKeysWithValues: all.map { ($0["name"] as! String, $0["id"] as! String) })
            #expect(try server.request("DELETE", "/v1/deals/\(idOf["c"] ?? "")").status == 204)
            #expect(try server.request("PATCH", "/v1/deals/\(idOf["a"] ?? "")", body: #"{"ownerId":"u2"}"#).status == 200)
            #expect(try names("/v1/deals?sort=createdAt&limit=3") == ["a", "b", "d"])
            #expect(try names("/v1/deals?sort=-createdAt") == ["e", "d", "b", "a"])
        }
    }

    @Test func dealsJoinTheTimelineFollowAMergeAndAreAnonymisedOnErase() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let kept = try Self.contact(server, "kept.deals@example.com")
            let duplicate = try Self.contact(server, "dupe.deals@example.com")
            let id = Self.json(try server.request("POST", "/v1/deals", body: #"{"name":"Zebulon Quarry renewal","contactId":"\#(duplicate)"}"#))["id"] as! String
            #expect(try server.request("PATCH", "/v1/deals/\(id)", body: #"{"stage":"proposal"}"#).status == 200)
            #expect(try server.request("POST", "/v1/contacts/\(kept)/merge", body: #"{"duplicateId":"\#(duplicate)"}"#).status == 200)
            #expect(Self.json(try server.request("GET", "/v1/deals/\(id)"))["contactId"] as? String == kept)
            let timeline = Self.json(try server.request("GET", "/v1/contacts/\(kept)/timeline?kind=deal,deal_stage"))["data"] as? [[String: Any]] ?? []
            #expect(timeline.map { $0["kind"] as! String }.sorted() == ["deal", "deal_stage", "deal_stage"])
            let export = Self.json(try server.request("GET", "/v1/contacts/\(kept)/export"))
            #expect((export["deals"] as? [[String: Any]])?.first?["id"] as? String == id)

            #expect(try server.request("POST", "/v1/contacts/\(kept)/erase").status == 204)
            let anonymised = Self.json(try server.request("GET", "/v1/deals/\(id)"))
            #expect(anonymised["name"] as? String == "[erased]")
            #expect(anonymised["stage"] as? String == "proposal")
            #expect(try ContactHistoryAndPrivacyTests.directoryHolds(server.dataDirectory, "Zebulon").isEmpty)
            try server.restart()
            #expect(Self.json(try server.request("GET", "/v1/deals/\(id)"))["name"] as? String == "[erased]")
        }
    }
}

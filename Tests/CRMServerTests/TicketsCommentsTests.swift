import CRMTestSupport
import Foundation
import Testing

/// Comments (first response, validation, paging) and satisfaction ratings end to end.
@Suite struct TicketsCommentsTests {
    typealias T = TicketsTesting

    @Test func onlyThePublicAgentCommentSetsTheFirstResponse() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let contact = try T.contact(server)
            let agent = try T.agent(server, name: "Reply")
            let id = try T.ticket(server, contact: contact)["id"] as? String ?? ""
            let note = try T.comment(server, id, #"{"authorType":"agent","authorId":"\#(agent)","body":"internal: check logs","public":false}"#)
            #expect(note.status == 201)
            #expect(try T.get(server, id)["firstResponseAt"] is NSNull, "an internal note is no response")
            #expect(try T.comment(server, id, #"{"authorType":"customer","body":"hello?"}"#).status == 201)
            #expect(try T.get(server, id)["firstResponseAt"] is NSNull, "the customer's own comment is no response")
            let reply = try T.comment(server, id, #"{"authorType":"agent","authorId":"\#(agent)","body":"We are on it"}"#)
            #expect(reply.status == 201)
            let comment = T.json(reply)
            #expect((comment["id"] as? String)?.hasPrefix("tc_") == true)
            #expect(comment["public"] as? Bool == true, "comments are public by default")
            #expect(reply.header("Location") == "/v1/tickets/\(id)/comments/\(comment["id"] as? String ?? "")")
            let first = try T.get(server, id)["firstResponseAt"] as? String
            #expect(first == comment["createdAt"] as? String)
            #expect(try T.comment(server, id, #"{"authorType":"agent","authorId":"\#(agent)","body":"Fixed"}"#).status == 201)
            #expect(try T.get(server, id)["firstResponseAt"] as? String == first, "only the first reply counts")

            let all = T.list(try server.request("GET", "/v1/tickets/\(id)/comments"))
            #expect(all.map { $0["body"] as? String ?? "" } == ["internal: check logs", "hello?", "We are on it", "Fixed"])
            let page = T.json(try server.request("GET", "/v1/tickets/\(id)/comments?limit=3"))
            let rest = T.list(try server.request("GET", "/v1/tickets/\(id)/comments?limit=3&cursor=\(page["nextCursor"] as? String ?? "")"))
            #expect(rest.map { $0["body"] as? String ?? "" } == ["Fixed"])
            #expect(try server.request("GET", "/v1/tickets/\(id)/comments/\(comment["id"] as? String ?? "")").status == 200)
            #expect(try server.request("GET", "/v1/tickets/\(id)/comments/tc_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X").status == 404)
        }
    }

    @Test func refusesBadComments() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let contact = try T.contact(server)
            let id = try T.ticket(server, contact: contact)["id"] as? String ?? ""
            func codes(_ body: String) throws -> Set<String> {
                let response = try T.comment(server, id, body)
                #expect(response.status == 422, "\(body) → \(response.status)")
                return Set((T.json(response)["errors"] as? [[String: Any]] ?? []).map { "\($0["field"]!):\($0["code"]!)" })
            }
            #expect(try codes(#"{"authorType":"bot","body":"x"}"#) == ["authorType:invalid_value"])
            #expect(try codes(#"{"authorType":"agent","body":"x"}"#) == ["authorId:required"])
            #expect(try codes(#"{"authorType":"agent","authorId":"ag_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X","body":"x"}"#) == ["authorId:not_found"])
            #expect(try codes(#"{"authorType":"customer","authorId":"ct_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X","body":"x"}"#) == ["authorId:not_found"])
            #expect(try codes(#"{"authorType":"customer","body":"x","public":false}"#) == ["public:invalid_value"])
            #expect(try codes(#"{"authorType":"customer","body":"  "}"#) == ["body:invalid_value"])
            #expect(try codes(#"{"authorType":"customer","body":"x","mood":"sad","id":"tc_1"}"#) == ["mood:unknown_field", "id:read_only"])
            #expect(try T.comment(server, "tk_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X", #"{"authorType":"customer","body":"x"}"#).status == 404)
            #expect(T.list(try server.request("GET", "/v1/tickets/\(id)/comments")).isEmpty)
        }
    }

    @Test func satisfactionOnlyOnceSolvedWithAScoreFromOneToFive() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let contact = try T.contact(server)
            let id = try T.ticket(server, contact: contact, extra: #""status":"open""#)["id"] as? String ?? ""
            let early = try server.request("POST", "/v1/tickets/\(id)/satisfaction", body: #"{"score":5}"#)
            #expect(early.status == 422)
            #expect(early.text.contains("open"))
            #expect(try T.patch(server, id, #"{"status":"solved"}"#).status == 200)
            for body in [#"{"score":0}"#, #"{"score":6}"#, #"{"score":4.5}"#, #"{"score":"5"}"#, #"{}"#, #"{"score":3,"stars":3}"#,
                         #"{"score":3,"ratedAt":"2020-01-01T00:00:00Z"}"#] {
                #expect(try server.request("POST", "/v1/tickets/\(id)/satisfaction", body: body).status == 422, "\(body)")
            }
            let rated = try server.request("POST", "/v1/tickets/\(id)/satisfaction", body: #"{"score":4,"comment":"Quick and kind"}"#)
            #expect(rated.status == 200)
            let satisfaction = T.json(rated)["satisfaction"] as? [String: Any] ?? [:]
            #expect(satisfaction["score"] as? Int == 4)
            #expect(satisfaction["comment"] as? String == "Quick and kind")
            #expect(satisfaction["ratedAt"] is String)
            #expect(try T.patch(server, id, #"{"status":"closed"}"#).status == 200)
            let again = try server.request("POST", "/v1/tickets/\(id)/satisfaction", body: #"{"score":5}"#)
            #expect(again.status == 200, "a closed ticket can still be rated; the new rating replaces the old")
            #expect((T.json(again)["satisfaction"] as? [String: Any])?["comment"] is NSNull)
            #expect(try T.patch(server, id, #"{"satisfaction":null}"#).status == 422, "read-only")
            #expect(try server.request("POST", "/v1/tickets/tk_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X/satisfaction", body: #"{"score":5}"#).status == 404)
        }
    }
}

import CRMTestSupport
import Foundation
import Testing

/// Tickets as part of a contact: timeline, merge, privacy export and erase (nothing left on disk).
@Suite struct TicketsContactLinksTests {
    typealias T = TicketsTesting

    @Test func ticketsAndCommentsJoinTheTimelineAndFollowAMerge() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let kept = try T.contact(server, email: "kept@example.com")
            let duplicate = try T.contact(server, email: "dup@example.com")
            let ticket = try T.ticket(server, contact: kept, subject: "Broken hinge")["id"] as? String ?? ""
            let comment = T.json(try T.comment(server, ticket, #"{"authorType":"customer","body":"photo attached"}"#))
            #expect(try server.request("POST", "/v1/contacts/\(kept)/interactions", body: #"{"type":"call"}"#).status == 201)
            let timeline = T.list(try server.request("GET", "/v1/contacts/\(kept)/timeline"))
            #expect(timeline.map { $0["kind"] as? String ?? "" } == ["interaction", "ticket_comment", "ticket"])
            #expect((timeline[1]["ticket_comment"] as? [String: Any])?["id"] as? String == comment["id"] as? String)
            #expect(timeline[1]["at"] as? String == comment["createdAt"] as? String)
            #expect((timeline[2]["ticket"] as? [String: Any])?["subject"] as? String == "Broken hinge")
            let onlyTickets = T.list(try server.request("GET", "/v1/contacts/\(kept)/timeline?kind=ticket"))
            #expect(onlyTickets.count == 1)

            let moved = try T.ticket(server, contact: duplicate, subject: "Wrong colour")["id"] as? String ?? ""
            let dupComment = T.json(try T.comment(server, moved, #"{"authorType":"customer","body":"it is green"}"#))
            #expect(dupComment["authorId"] as? String == duplicate)
            #expect(try server.request("POST", "/v1/contacts/\(kept)/merge", body: #"{"duplicateId":"\#(duplicate)"}"#).status == 200)
            #expect(try T.get(server, moved)["contactId"] as? String == kept)
            #expect(T.list(try server.request("GET", "/v1/tickets?contactId=\(kept)")).count == 2)
            #expect(T.list(try server.request("GET", "/v1/tickets?contactId=\(duplicate)")).isEmpty)
            let comments = T.list(try server.request("GET", "/v1/tickets/\(moved)/comments"))
            #expect(comments.first?["authorId"] as? String == kept)
            #expect(T.list(try server.request("GET", "/v1/contacts/\(kept)/timeline?kind=ticket")).count == 2)
            // Deleting the contact leaves its tickets in place.
            #expect(try server.request("DELETE", "/v1/contacts/\(kept)").status == 204)
            #expect(try server.request("GET", "/v1/tickets/\(ticket)").status == 200)
        }
    }

    @Test func exportHoldsTicketsAndEraseLeavesNoTraceOnDisk() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let person = try T.contact(server, email: "quentin.zarbo@example.com")
            let other = try T.contact(server, email: "other@example.com")
            let agent = try T.agent(server, name: "Eve")
            let ticket = try T.ticket(server, contact: person, subject: "Xanthippe blender exploded",
                                      extra: #""description":"Quorbulent smoke everywhere","status":"open""#)["id"] as? String ?? ""
            #expect(try T.comment(server, ticket, #"{"authorType":"customer","body":"Vexillary kitchen ruined"}"#).status == 201)
            #expect(try T.comment(server, ticket, #"{"authorType":"agent","authorId":"\#(agent)","body":"Sorry to hear"}"#).status == 201)
            #expect(try T.patch(server, ticket, #"{"status":"solved"}"#).status == 200)
            #expect(try server.request("POST", "/v1/tickets/\(ticket)/satisfaction", body: #"{"score":2,"comment":"Zymotic service"}"#).status == 200)
            let kept = try T.ticket(server, contact: other, subject: "Unrelated kettle")["id"] as? String ?? ""

            let export = T.json(try server.request("GET", "/v1/contacts/\(person)/export"))
            let exported = export["tickets"] as? [[String: Any]] ?? []
            #expect(exported.count == 1)
            #expect(exported.first?["subject"] as? String == "Xanthippe blender exploded")
            #expect((exported.first?["comments"] as? [[String: Any]])?.count == 2)

            #expect(try server.request("POST", "/v1/contacts/\(person)/erase").status == 204)
            let erased = try T.get(server, ticket)
            #expect(erased["subject"] as? String == "[erased]")
            #expect(erased["description"] as? String == "[erased]")
            #expect((erased["satisfaction"] as? [String: Any])?["comment"] as? String == "[erased]")
            #expect((erased["satisfaction"] as? [String: Any])?["score"] as? Int == 2, "the rating itself stays for the statistics")
            #expect(erased["number"] as? Int == 1001)
            let bodies = T.list(try server.request("GET", "/v1/tickets/\(ticket)/comments")).map { $0["body"] as? String ?? "" }
            #expect(bodies == ["[erased]", "[erased]"])
            for needle in ["Xanthippe", "Quorbulent", "Vexillary", "Zymotic", "quentin.zarbo"] {
                #expect(try Self.filesHolding(needle, in: server.dataDirectory).isEmpty, "\(needle) is still on disk")
            }
            #expect(try T.get(server, kept)["subject"] as? String == "Unrelated kettle")
            try server.restart()
            #expect(try T.get(server, ticket)["subject"] as? String == "[erased]")
            #expect(T.list(try server.request("GET", "/v1/tickets")).count == 2, "counts stay right")
        }
    }

    static func filesHolding(_ needle: String, in directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { name in
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            return data.range(of: Data(needle.utf8)) != nil
        }
    }
}

import CRMTestSupport
import Foundation
import Testing

/// The status workflow end to end: every (from, to) pair, the server-set timestamps, comments that
/// move a ticket, and the auto-close timer.
@Suite struct TicketsWorkflowTests {
    typealias T = TicketsTesting
    static let statuses = ["new", "open", "pending", "on_hold", "solved", "closed"]
    static let allowed: Set<String> = [
        "new>open", "new>pending", "new>on_hold", "new>solved",
        "open>pending", "open>on_hold", "open>solved",
        "pending>open", "pending>on_hold", "pending>solved",
        "on_hold>open", "on_hold>pending", "on_hold>solved",
        "solved>open", "solved>closed",
    ]

    /// A ticket brought to `status` by allowed steps.
    static func ticket(_ server: TestServer, contact: String, status: String) throws -> String {
        let initial = ["solved", "closed"].contains(status) ? "open" : status
        let id = try T.ticket(server, contact: contact, extra: #""status":"\#(initial)""#)["id"] as? String ?? ""
        if status == "solved" || status == "closed" { #expect(try T.patch(server, id, #"{"status":"solved"}"#).status == 200) }
        if status == "closed" { #expect(try T.patch(server, id, #"{"status":"closed"}"#).status == 200) }
        return id
    }

    @Test func everyTransitionIsAllowedOrRefusedAsTheTableSays() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let contact = try T.contact(server)
            var failures: [String] = []
            for from in Self.statuses {
                for to in Self.statuses where to != from {
                    let key = "\(from)>\(to)"
                    let id = try Self.ticket(server, contact: contact, status: from)
                    let response = try T.patch(server, id, #"{"status":"\#(to)"}"#)
                    let after = try T.get(server, id)
                    if Self.allowed.contains(key) {
                        if response.status != 200 || after["status"] as? String != to { failures.append("\(key): \(response.status) \(response.text)") }
                    } else {
                        let problem = T.json(response)
                        let named = "\(problem["detail"] ?? "")".contains("from \(from) to \(to)")
                            && (problem["errors"] as? [[String: Any]])?.first?["code"] as? String == "invalid_transition"
                        if response.status != 422 || !named || after["status"] as? String != from {
                            failures.append("\(key): \(response.status) \(response.text)")
                        }
                    }
                }
            }
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        }
    }

    @Test func theServerSetsSolvedAndClosedTimesAndClosedIsFinal() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let contact = try T.contact(server)
            let id = try Self.ticket(server, contact: contact, status: "open")
            let solved = T.json(try T.patch(server, id, #"{"status":"solved"}"#))
            #expect(solved["solvedAt"] is String)
            #expect(solved["closedAt"] is NSNull)
            let reopened = T.json(try T.patch(server, id, #"{"status":"open"}"#))
            #expect(reopened["solvedAt"] is NSNull, "reopening clears solvedAt")
            #expect(try T.patch(server, id, #"{"status":"solved"}"#).status == 200)
            let closed = T.json(try T.patch(server, id, #"{"status":"closed"}"#))
            #expect(closed["closedAt"] is String)
            #expect(closed["solvedAt"] is String)
            for change in [#"{"subject":"New words"}"#, #"{"priority":"urgent"}"#, #"{"tags":["x"]}"#, #"{"status":"open"}"#] {
                let refused = try T.patch(server, id, change)
                #expect(refused.status == 422, "\(change) on a closed ticket")
                #expect(refused.text.contains("closed"))
            }
            #expect(try T.patch(server, id, #"{"status":"closed"}"#).status == 200, "no change is no change")
            #expect(try T.patch(server, id, #"{"solvedAt":null}"#).status == 422)
            #expect(try T.comment(server, id, #"{"authorType":"customer","body":"hello?"}"#).status == 422, "a closed ticket takes no comments")
            #expect(try T.get(server, id)["version"] as? Int == 5)
        }
    }

    @Test func aCustomerCommentMovesAPendingTicketToOpen() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let contact = try T.contact(server)
            let agent = try T.agent(server, name: "Pat")
            let id = try Self.ticket(server, contact: contact, status: "pending")
            #expect(try T.comment(server, id, #"{"authorType":"agent","authorId":"\#(agent)","body":"still waiting","public":false}"#).status == 201)
            #expect(try T.get(server, id)["status"] as? String == "pending")
            let reply = try T.comment(server, id, #"{"authorType":"customer","body":"here are the logs"}"#)
            #expect(reply.status == 201)
            #expect(T.json(reply)["authorId"] as? String == contact, "a customer author defaults to the ticket's contact")
            let after = try T.get(server, id)
            #expect(after["status"] as? String == "open")
            #expect(after["version"] as? Int == 2)
            let onHold = try Self.ticket(server, contact: contact, status: "on_hold")
            #expect(try T.comment(server, onHold, #"{"authorType":"customer","body":"any news?"}"#).status == 201)
            #expect(try T.get(server, onHold)["status"] as? String == "on_hold", "only pending tickets move")
        }
    }

    @Test func solvedTicketsCloseOnTheirOwn() async throws {
        try await offPool { () throws -> Void in
            // 0.00002 days = 1.728 s.
            let server = try TestServer(arguments: ["--ticket-auto-close-days", "0.00002", "--sla-check-interval", "0.2"])
            let contact = try T.contact(server)
            let solved = try Self.ticket(server, contact: contact, status: "solved")
            let open = try Self.ticket(server, contact: contact, status: "open")
            #expect(try T.get(server, solved)["status"] as? String == "solved")
            usleep(2_200_000)
            let closed = try T.eventually(within: 3) { try T.get(server, solved)["status"] as? String == "closed" }
            #expect(closed)
            let ticket = try T.get(server, solved)
            #expect(ticket["closedAt"] is String)
            #expect(try T.get(server, open)["status"] as? String == "open")
            let audit = T.list(try server.request("GET", "/v1/audit?entityId=\(solved)"))
            #expect(audit.last?["actor"] as? String == "system", "the timer closed it, not a request")
        }
    }
}

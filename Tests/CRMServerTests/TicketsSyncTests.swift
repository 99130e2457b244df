import CRMTestSupport
import Foundation
import Testing

/// Tickets in the changes feed and in webhook events.
@Suite struct TicketsSyncTests {
    typealias T = TicketsTesting

    @Test func theFeedCarriesTicketsCommentsAndAgents() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let contact = try T.contact(server)
            let agent = try T.agent(server, name: "Feed", skills: ["x"])
            let ticket = try T.ticket(server, contact: contact, extra: #""tags":["x"]"#)["id"] as? String ?? ""
            #expect(try T.comment(server, ticket, #"{"authorType":"customer","body":"hi"}"#).status == 201)
            #expect(try server.request("PUT", "/v1/sla-policies", body: TicketsSLATests.policy(urgentFirst: 5, urgentResolution: 10)).status == 200)
            let page = T.json(try server.request("GET", "/v1/changes?after=0&types=ticket,ticket_comment,agent"))
            let changes = (page["data"] as? [[String: Any]] ?? []).map { "\($0["type"]!) \($0["id"]!)" }
            // The agent's second version is its lastAssignedAt from routing.
            #expect(changes.filter { $0.hasPrefix("agent ") } == ["agent \(agent)", "agent \(agent)"])
            #expect(changes.filter { $0.hasPrefix("ticket ") } == ["ticket \(ticket)"])
            #expect(changes.filter { $0.hasPrefix("ticket_comment ") }.count == 1)
            #expect(try server.request("GET", "/v1/changes?types=sla-policy").status == 400, "the policy is configuration, not in the feed")
            #expect(try server.request("GET", "/v1/changes?types=ticket-counter").status == 400)
        }
    }

    @Test func webhooksReportTicketEvents() async throws {
        try await offPool { () throws -> Void in
            let receiver = try LoopbackReceiver { _, _ in .status(200) }
            let server = try TestServer(environment: WebhookDeliveryTests.environment)
            let hook = try WebhookDeliveryTests.createHook(server, port: receiver.port,
                                                           events: #"["ticket.created","ticket.updated","ticket.deleted","ticket_comment.created"]"#)
            let contact = try T.contact(server)
            let ticket = try T.ticket(server, contact: contact)["id"] as? String ?? ""
            #expect(try T.comment(server, ticket, #"{"authorType":"customer","body":"hello"}"#).status == 201)
            #expect(try T.patch(server, ticket, #"{"status":"open"}"#).status == 200)
            #expect(try server.request("DELETE", "/v1/tickets/\(ticket)").status == 204)
            let received = receiver.wait(for: 4, timeout: 20)
            let events = received.compactMap { request -> String? in
                let payload = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
                return payload?["event"] as? String
            }
            #expect(Set(events) == ["ticket.created", "ticket_comment.created", "ticket.updated", "ticket.deleted"], "\(events) for hook \(hook.id)")
        }
    }
}

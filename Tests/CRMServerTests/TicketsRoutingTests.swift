import CRMTestSupport
import Foundation
import Testing

/// Agents and the routing of new unassigned tickets end to end.
@Suite struct TicketsRoutingTests {
    typealias T = TicketsTesting

    @Test func agentsAreCreatedReadPatchedAndUniqueByEmail() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let created = try server.request("POST", "/v1/agents", body: #"{"name":"Ada","email":"Ada@Support.example","skills":["billing","de"]}"#)
            #expect(created.status == 201)
            let agent = T.json(created)
            let id = agent["id"] as? String ?? ""
            #expect(id.hasPrefix("ag_"))
            #expect(created.header("Location") == "/v1/agents/\(id)")
            #expect(agent["active"] as? Bool == true)
            #expect(agent["openTicketCount"] as? Int == 0)
            #expect(agent["lastAssignedAt"] is NSNull)
            #expect(try server.request("POST", "/v1/agents", body: #"{"name":"Other","email":"ada@support.EXAMPLE"}"#).status == 409)
            #expect(try server.request("POST", "/v1/agents", body: #"{"name":"X","email":"not-an-email"}"#).status == 422)
            #expect(try server.request("POST", "/v1/agents", body: #"{"email":"x@y.io"}"#).status == 422)
            #expect(try server.request("POST", "/v1/agents", body: #"{"name":"X","email":"x@y.io","openTicketCount":3}"#).status == 422)
            #expect(try server.request("POST", "/v1/agents", body: #"{"name":"X","email":"x@y.io","rank":3}"#).status == 422)
            let second = try T.agent(server, name: "Bea")
            #expect(try server.request("PATCH", "/v1/agents/\(second)", body: #"{"email":"ADA@support.example"}"#).status == 409)
            #expect(try server.request("PATCH", "/v1/agents/\(id)", headers: ["If-Match": "\"3\""], body: #"{"active":false}"#).status == 412)
            let patched = try server.request("PATCH", "/v1/agents/\(id)", headers: ["If-Match": "\"1\""], body: #"{"active":false,"skills":null}"#)
            #expect(patched.status == 200)
            #expect(T.json(patched)["active"] as? Bool == false)
            #expect((T.json(patched)["skills"] as? [String]) == [])
            #expect(try server.request("GET", "/v1/agents/\(id)", headers: ["If-None-Match": "\"2\""]).status == 304)
            #expect(try server.request("GET", "/v1/agents/ag_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X").status == 404)
            let page = T.json(try server.request("GET", "/v1/agents?limit=1"))
            #expect((page["data"] as? [Any])?.count == 1)
            let rest = T.list(try server.request("GET", "/v1/agents?limit=1&cursor=\(page["nextCursor"] as? String ?? "")"))
            #expect(rest.first?["id"] as? String == second)
            try server.restart()
            #expect(T.json(try server.request("GET", "/v1/agents/\(id)"))["version"] as? Int == 2)
        }
    }

    @Test func routesBySkillAndLoadWithTiesToLongestSinceLastAssignment() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let contact = try T.contact(server)
            let ada = try T.agent(server, name: "Ada", skills: ["billing"])
            let bea = try T.agent(server, name: "Bea", skills: ["billing", "refunds"])
            let cid = try T.agent(server, name: "Cid", skills: ["billing"], active: false)
            let dan = try T.agent(server, name: "Dan", skills: ["shipping"])
            func assignee(_ tags: String, _ extra: String = "") throws -> (ticket: String, agent: String?) {
                let ticket = try T.ticket(server, contact: contact, extra: #""tags":[\#(tags)]"# + extra)
                return (ticket["id"] as? String ?? "", ticket["assigneeId"] as? String)
            }
            let first = try assignee(#""billing""#)
            #expect(first.agent == ada, "both idle and never assigned: the older agent")
            #expect(try assignee(#""billing""#).agent == bea, "fewest open tickets")
            let third = try assignee(#""billing""#)
            #expect(third.agent == ada, "one each: Ada's last assignment is the older")
            #expect(try assignee(#""shipping""#).agent == dan)
            #expect(try assignee(#""vip""#).agent == nil, "no skill matches: unassigned")
            #expect(try assignee("").agent == nil)
            // Solving frees a slot: Ada 1 open, Bea 1 open; Bea's last assignment is older.
            #expect(try T.patch(server, first.ticket, #"{"status":"solved"}"#).status == 200)
            #expect(try assignee(#""refunds","billing""#).agent == bea)
            #expect(T.json(try server.request("GET", "/v1/agents/\(bea)"))["openTicketCount"] as? Int == 2)
            #expect(T.json(try server.request("GET", "/v1/agents/\(ada)"))["openTicketCount"] as? Int == 1)
            // Deactivated: keeps its tickets, gets no new ones (Bea has more open tickets and still gets it).
            #expect(try server.request("PATCH", "/v1/agents/\(ada)", body: #"{"active":false}"#).status == 200)
            #expect(try assignee(#""billing""#).agent == bea)
            #expect(try T.get(server, third.ticket)["assigneeId"] as? String == ada)
            #expect(T.list(try server.request("GET", "/v1/tickets?assigneeId=\(cid)")).isEmpty, "an inactive agent never gets one")
            // An explicit assignee is taken as given, and must exist.
            #expect(try assignee(#""billing""#, #","assigneeId":"\#(dan)""#).agent == dan)
            #expect(try server.request("POST", "/v1/tickets", body: #"{"contactId":"\#(contact)","subject":"x","assigneeId":"ag_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X"}"#).status == 422)
            #expect(try T.patch(server, third.ticket, #"{"assigneeId":"ag_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X"}"#).status == 422)
            #expect(try T.patch(server, third.ticket, #"{"assigneeId":"\#(dan)"}"#).status == 200)
            #expect(T.json(try server.request("GET", "/v1/agents/\(dan)"))["openTicketCount"] as? Int == 3)
            // The load and the tie-break survive a restart.
            try server.restart()
            #expect(T.json(try server.request("GET", "/v1/agents/\(dan)"))["openTicketCount"] as? Int == 3)
            #expect(T.json(try server.request("GET", "/v1/agents/\(bea)"))["lastAssignedAt"] is String)
        }
    }
}

import CRMTestSupport
import Foundation
import Testing

/// SLA policies and breach flags end to end: the timer stores a breach with no request in between.
@Suite struct TicketsSLATests {
    typealias T = TicketsTesting

    static func policy(urgentFirst: Double, urgentResolution: Double) -> String {
        #"{"urgent":{"firstResponseMinutes":\#(urgentFirst),"resolutionMinutes":\#(urgentResolution)},"#
            + #""high":{"firstResponseMinutes":240,"resolutionMinutes":1440},"normal":{"firstResponseMinutes":480,"resolutionMinutes":2880},"#
            + #""low":{"firstResponseMinutes":1440,"resolutionMinutes":5760}}"#
    }

    @Test func policiesHaveDefaultsAndAreReplacedWhole() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let initial = try server.request("GET", "/v1/sla-policies")
            #expect(initial.status == 200)
            #expect(initial.header("ETag") == "\"1\"")
            let defaults = T.json(initial)
            #expect((defaults["urgent"] as? [String: Any])?["firstResponseMinutes"] as? Double == 60)
            #expect((defaults["low"] as? [String: Any])?["resolutionMinutes"] as? Double == 5760)
            #expect(defaults["updatedAt"] is NSNull)
            #expect(try server.request("PUT", "/v1/sla-policies", body: #"{"urgent":{"firstResponseMinutes":1,"resolutionMinutes":2}}"#).status == 422)
            #expect(try server.request("PUT", "/v1/sla-policies", body: Self.policy(urgentFirst: -1, urgentResolution: 2)).status == 422)
            #expect(try server.request("PUT", "/v1/sla-policies", headers: ["If-Match": "\"9\""], body: Self.policy(urgentFirst: 30, urgentResolution: 120)).status == 412)
            let replaced = try server.request("PUT", "/v1/sla-policies", headers: ["If-Match": "\"1\""], body: Self.policy(urgentFirst: 30, urgentResolution: 120))
            #expect(replaced.status == 200)
            #expect(replaced.header("ETag") == "\"2\"")
            try server.restart()
            let stored = T.json(try server.request("GET", "/v1/sla-policies"))
            #expect((stored["urgent"] as? [String: Any])?["firstResponseMinutes"] as? Double == 30)
            #expect(stored["version"] as? Int == 2)
            // New urgent tickets get the new dues.
            let contact = try T.contact(server)
            let ticket = try T.ticket(server, contact: contact, extra: #""priority":"urgent""#)
            let created = T.date(ticket["createdAt"])
            let sla = ticket["sla"] as? [String: Any] ?? [:]
            let due = T.date(sla["firstResponseDueAt"])
            #expect(abs(due.timeIntervalSince(created) - 1800) < 0.01)
        }
    }

    @Test func aBreachIsStoredByTheTimerWithNoRequestInBetween() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer(arguments: ["--sla-check-interval", "0.25"])
            // Urgent: first response within 0.02 min (1.2 s), resolution within 0.04 min (2.4 s).
            #expect(try server.request("PUT", "/v1/sla-policies", body: Self.policy(urgentFirst: 0.02, urgentResolution: 0.04)).status == 200)
            let contact = try T.contact(server)
            let late = try T.ticket(server, contact: contact, subject: "Late one", extra: #""priority":"urgent""#)
            let calm = try T.ticket(server, contact: contact, subject: "Calm one", extra: #""priority":"normal""#)
            let lateId = late["id"] as? String ?? ""
            #expect((late["sla"] as? [String: Any])?["firstResponseBreached"] as? Bool == false)
            #expect(late["version"] as? Int == 1)

            usleep(1_700_000)   // past the first-response target; not a single request meanwhile
            let flipped = try T.eventually(within: 3) {
                (try T.get(server, lateId)["sla"] as? [String: Any])?["firstResponseBreached"] as? Bool == true
            }
            #expect(flipped)
            let audit = T.list(try server.request("GET", "/v1/audit?entityId=\(lateId)"))
            #expect(audit.count >= 2)
            #expect(audit.dropFirst().allSatisfy { $0["actor"] as? String == "system" }, "stored by the timer, not by a request")
            let history = T.list(try server.request("GET", "/v1/tickets/\(lateId)/history"))
            let breach = history.last { ($0["changes"] as? [[String: Any]] ?? []).contains { $0["field"] as? String == "sla.firstResponseBreached" } }
            #expect(breach?["actor"] as? String == "system")
            #expect(breach?["requestId"] as? String == "ticket-timer")
            let resolved = try T.eventually(within: 4) {
                (try T.get(server, lateId)["sla"] as? [String: Any])?["resolutionBreached"] as? Bool == true
            }
            #expect(resolved)
            #expect(try T.get(server, lateId)["version"] as? Int == 3)
            let breached = T.list(try server.request("GET", "/v1/tickets?breached=true")).compactMap { $0["id"] as? String }
            #expect(breached == [lateId])
            #expect((try T.get(server, calm["id"] as? String ?? "")["sla"] as? [String: Any])?["firstResponseBreached"] as? Bool == false)
            // The changes feed carries the breach as a new version.
            let changes = T.list(try server.request("GET", "/v1/changes?types=ticket"))
            #expect(changes.filter { $0["id"] as? String == lateId }.count == 3)
            // Breaches survive a restart.
            try server.restart()
            #expect(T.list(try server.request("GET", "/v1/tickets?breached=true")).count == 1)
        }
    }

    @Test func aTimelyReplyMeetsTheTargetAndALowerPriorityReplans() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer(arguments: ["--sla-check-interval", "0.25"])
            #expect(try server.request("PUT", "/v1/sla-policies", body: Self.policy(urgentFirst: 0.02, urgentResolution: 0.03)).status == 200)
            let contact = try T.contact(server)
            let agent = try T.agent(server, name: "Quick")
            let answered = try T.ticket(server, contact: contact, extra: #""priority":"urgent""#)["id"] as? String ?? ""
            #expect(try T.comment(server, answered, #"{"authorType":"agent","authorId":"\#(agent)","body":"on it"}"#).status == 201)
            #expect(try T.patch(server, answered, #"{"status":"solved"}"#).status == 200)
            let downgraded = try T.ticket(server, contact: contact, extra: #""priority":"urgent""#)["id"] as? String ?? ""
            #expect(try T.patch(server, downgraded, #"{"priority":"low"}"#).status == 200)
            usleep(2_500_000)
            for id in [answered, downgraded] {
                let sla = try T.get(server, id)["sla"] as? [String: Any] ?? [:]
                #expect(sla["firstResponseBreached"] as? Bool == false, "\(id)")
                #expect(sla["resolutionBreached"] as? Bool == false, "\(id)")
            }
        }
    }
}

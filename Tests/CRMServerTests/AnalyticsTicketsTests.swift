import CRMModel
import CRMStore
import CRMTestSupport
import Foundation
import Testing

/// `GET /v1/analytics/tickets` and the dashboard's tickets on six hand-made tickets written
/// straight into a data directory (so their times are exact), then served by `crm serve`.
@Suite struct AnalyticsTicketsTests {
    /// Minutes after creation (2026-06-01T00:00Z): first response, solved; flags; rating.
    ///   T1 A email  high    30 / 120            CSAT 5
    ///   T2 A email  normal  10 / 300  breached  CSAT 3
    ///   T3 B chat   high    60 / 60             CSAT 4
    ///   T4 B phone  urgent  90 / open breached
    ///   T5 – web    low     –  / open
    ///   T6 A chat   normal  20 / 40             CSAT 1
    /// Overall: first response [10, 20, 30, 60, 90] → median 30, p90 (rank 5) 90; resolution
    /// [40, 60, 120, 300] → median 90, p90 (rank 4) 300; compliance 4/6; CSAT 13/4 = 3.25, 2 of 4 happy.
    /// A: FR [10, 20, 30] → 20 / 30; resolution [40, 120, 300] → 120 / 300; 2/3 compliant; CSAT 3, 1 of 3.
    /// B: FR [60, 90] → 75 / 90; resolution [60]; 1/2 compliant; CSAT 4, 100 %. Unassigned: nulls.
    static func writeTickets(into directory: URL) async throws -> (AgentID, AgentID) {
        var options = StoreOptions()
        options.fsync = .none
        let store = try Store.open(directory: directory.path, options: options, states: [])
        let base: Int64 = 1_780_272_000_000
        let agentA = AgentID(ULID(milliseconds: UInt64(base), randomness: 1))
        let agentB = AgentID(ULID(milliseconds: UInt64(base), randomness: 2))
        let contact = ContactID(ULID(milliseconds: UInt64(base), randomness: 3))
        let plan: [(AgentID?, TicketChannel, TicketPriority, Int64?, Int64?, Bool, Bool, Int?)] = [
            (agentA, .email, .high, 30, 120, false, false, 5), (agentA, .email, .normal, 10, 300, false, true, 3),
            (agentB, .chat, .high, 60, 60, false, false, 4), (agentB, .phone, .urgent, 90, nil, true, false, nil),
            (nil, .web, .low, nil, nil, false, false, nil), (agentA, .chat, .normal, 20, 40, false, false, 1),
        ]
        let later = Timestamp(millisecondsSinceEpoch: 1_900_000_000_000)  // 2030: no new breaches
        try await store.commit(actor: "test", requestId: "tickets") { context in
            for (number, item) in plan.enumerated() {
                let created = Timestamp(millisecondsSinceEpoch: base + Int64(number))
                var fields = TicketFields(contactId: contact, subject: "T\(number + 1)")
                fields.assigneeId = item.0
                fields.channel = item.1
                fields.priority = item.2
                fields.status = item.4 == nil ? (item.3 == nil ? .new : .open) : .solved
                var ticket = Ticket(id: TicketID(ULID(milliseconds: UInt64(base + Int64(number)), randomness: 9)), number: 1001 + number,
                                    fields: fields, sla: TicketSLA(firstResponseDueAt: later, resolutionDueAt: later,
                                                                   firstResponseBreached: item.5, resolutionBreached: item.6),
                                    createdAt: created)
                ticket.firstResponseAt = item.3.map { created + .seconds($0 * 60) }
                ticket.solvedAt = item.4.map { created + .seconds($0 * 60) }
                ticket.satisfaction = item.7.map { TicketSatisfaction(score: $0, comment: nil, ratedAt: later) }
                context.append(type: "ticket", id: ticket.id.description, op: .put, data: ticket.jsonBytes)
            }
        }
        store.close()
        return (agentA, agentB)
    }

    static func json(_ response: RawResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    @Test func medianP90ComplianceAndSatisfactionOverallAndByAssignee() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crm-ticket-analytics-\(UUID().uuidString)")
        let (agentA, agentB) = try await Self.writeTickets(into: directory)
        try await offPool { () throws -> Void in
            let server = try TestServer(dataDirectory: directory)
            let report = Self.json(try server.request("GET", "/v1/analytics/tickets?groupBy=assignee"))
            let overall = report["overall"] as? [String: Any] ?? [:]
            #expect(overall["tickets"] as? Int == 6)
            #expect(overall["backlog"] as? Int == 2)
            #expect(overall["firstResponseMinutes"] as? [String: Double] == ["median": 30, "p90": 90])
            #expect(overall["resolutionMinutes"] as? [String: Double] == ["median": 90, "p90": 300])
            #expect(overall["slaCompliancePercent"] as? Double == 66.666667)
            #expect(overall["csatAverage"] as? Double == 3.25)
            #expect(overall["csatSatisfiedPercent"] as? Double == 50)
            let groups = Dictionary(uniqueKeysWithValues: (report["groups"] as? [[String: Any]] ?? []).map { ($0["key"] as! String, $0) })
            #expect((report["groups"] as? [[String: Any]] ?? []).map { $0["key"] as! String } == [agentA.description, agentB.description, "unassigned"])
            let a = groups[agentA.description] ?? [:]
            #expect(a["firstResponseMinutes"] as? [String: Double] == ["median": 20, "p90": 30])
            #expect(a["resolutionMinutes"] as? [String: Double] == ["median": 120, "p90": 300])
            #expect(a["slaCompliancePercent"] as? Double == 66.666667)
            #expect(a["csatAverage"] as? Double == 3)
            #expect(a["csatSatisfiedPercent"] as? Double == 33.333333)
            let b = groups[agentB.description] ?? [:]
            #expect(b["firstResponseMinutes"] as? [String: Double] == ["median": 75, "p90": 90])
            #expect(b["backlog"] as? Int == 1)
            #expect(b["slaCompliancePercent"] as? Double == 50)
            #expect(b["csatSatisfiedPercent"] as? Double == 100)
            let none = groups["unassigned"] ?? [:]
            #expect((none["firstResponseMinutes"] as? [String: Any])?["median"] is NSNull)
            #expect(none["csatAverage"] is NSNull)
            #expect(none["slaCompliancePercent"] as? Double == 100)

            let byChannel = Self.json(try server.request("GET", "/v1/analytics/tickets?groupBy=channel"))
            #expect((byChannel["groups"] as? [[String: Any]] ?? []).map { "\($0["key"]!)=\($0["tickets"]!)" } == ["chat=2", "email=2", "phone=1", "web=1"])
            #expect(try server.request("GET", "/v1/analytics/tickets?groupBy=mood").status == 400)

            let dashboard = (Self.json(try server.request("GET", "/v1/analytics/dashboard"))["tickets"] as? [String: Any]) ?? [:]
            #expect(dashboard["open"] as? Int == 2)
            #expect(dashboard["slaBreachedOpen"] as? Int == 1)
            #expect((dashboard["byPriority"] as? [String: Int])?["urgent"] == 1)
        }
    }
}

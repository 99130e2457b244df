import CRMModel
import CRMStore
import Testing
@testable import CRMServices

/// `TicketsState.apply` as replay and live writes feed it, and the read API other services use
/// (analytics, dashboards).
@Suite struct TicketsStateTests {
    static let at = Timestamp(rfc3339: "2026-11-01T10:00:00Z")!

    func record(_ seq: UInt64, _ type: String, _ id: String, _ op: RecordOp = .put, _ data: [UInt8] = []) -> Record {
        Record(seq: seq, timestamp: Self.at.millisecondsSinceEpoch, type: type, id: id, op: op, actor: "t", requestId: "r", data: data)
    }

    func ticket(_ number: Int, contact: ContactID, status: TicketStatus = .new, priority: TicketPriority = .normal,
                channel: TicketChannel = .api, assignee: AgentID? = nil) -> Ticket {
        var fields = TicketFields(contactId: contact, subject: "T\(number)")
        fields.status = status
        fields.priority = priority
        fields.channel = channel
        fields.assigneeId = assignee
        return Ticket.make(id: TicketID.make(), number: number, fields: fields, policy: .defaults, now: Self.at)
    }

    @Test func updatesKeepOneEntryPerTicketAndTheLoadRight() {
        let state = TicketsState()
        let contact = ContactID.make()
        let agent = AgentID.make()
        var first = ticket(1001, contact: contact, assignee: agent)
        state.apply([record(1, "ticket", first.id.description, .put, first.jsonBytes)])
        for seq in 2...4 {
            first.version += 1
            state.apply([record(UInt64(seq), "ticket", first.id.description, .put, first.jsonBytes)])
        }
        #expect(state.read { $0.tickets(of: contact).count } == 1)
        #expect(state.read { $0.openCount(of: agent) } == 1)
        first.fields.status = .solved
        state.apply([record(5, "ticket", first.id.description, .put, first.jsonBytes)])
        #expect(state.read { $0.openCount(of: agent) } == 0, "solved tickets are not open work")
        // Anonymised in place: erase then put in one commit.
        state.apply([record(6, "ticket", first.id.description, .erase), record(7, "ticket", first.id.description, .put, first.jsonBytes)])
        #expect(state.allTickets().map(\.id) == [first.id])
    }

    @Test func theCounterOutlivesADeletedTicket() {
        let state = TicketsState()
        let doomed = ticket(1001, contact: ContactID.make())
        state.apply([record(1, "ticket-counter", "ticket-counter", .put, Array(#"{"lastNumber":1001}"#.utf8)),
                     record(2, "ticket", doomed.id.description, .put, doomed.jsonBytes),
                     record(3, "ticket", doomed.id.description, .delete)])
        #expect(state.lastNumber == 1001)
        let compacted = TicketsState()
        compacted.apply([record(1, "ticket-counter", "ticket-counter", .put, Array(#"{"lastNumber":1001}"#.utf8))])
        #expect(compacted.lastNumber == 1001, "a compacted log keeps only the counter")
        #expect(TicketsState().lastNumber == 1000)
    }

    @Test func countsGroupTheBacklog() {
        let state = TicketsState()
        let agent = AgentID.make()
        let contact = ContactID.make()
        let open = ticket(1001, contact: contact, status: .open, priority: .high, channel: .chat, assignee: agent)
        let solved = ticket(1002, contact: contact, status: .solved, priority: .high)
        var breached = ticket(1003, contact: contact, priority: .urgent, channel: .email)
        breached.sla.firstResponseBreached = true
        let tickets = [breached, solved, open]
        state.apply(tickets.enumerated().map { record(UInt64($0.offset + 1), "ticket", $0.element.id.description, .put, $0.element.jsonBytes) })
        let counts = state.counts()
        #expect(counts.total == 3)
        #expect(counts.byStatus == [.open: 1, .solved: 1, .new: 1])
        #expect(counts.byPriority == [.high: 2, .urgent: 1])
        #expect(counts.unresolvedByPriority == [.high: 1, .urgent: 1])
        #expect(counts.unresolvedByChannel == [.chat: 1, .email: 1])
        #expect(counts.unresolvedByAssignee == [agent: 1])
        #expect(counts.unassigned == 1)
        #expect(counts.breached == 1)
        var visited: [Int] = []
        state.forEachTicket { visited.append($0.number) }
        #expect(visited == [1001, 1002, 1003])
    }
}

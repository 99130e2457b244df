import Testing
@testable import CRMModel

/// The status workflow as a table (SPEC §3), and what each change does to the ticket's timestamps.
@Suite struct TicketWorkflowTests {
    /// Every allowed change; every other pair of different statuses is refused.
    static let allowed: Set<String> = [
        "new>open", "new>pending", "new>on_hold", "new>solved",
        "open>pending", "open>on_hold", "open>solved",
        "pending>open", "pending>on_hold", "pending>solved",
        "on_hold>open", "on_hold>pending", "on_hold>solved",
        "solved>open", "solved>closed",
    ]

    static func ticket(status: TicketStatus, at now: Timestamp = Timestamp(millisecondsSinceEpoch: 1_000_000)) -> Ticket {
        var fields = TicketFields(contactId: ContactID.make(), subject: "Printer")
        fields.status = status
        var ticket = Ticket.make(id: TicketID.make(), number: 1001, fields: fields, policy: .defaults, now: now)
        if status == .solved || status == .closed { ticket.solvedAt = now }
        if status == .closed { ticket.closedAt = now }
        return ticket
    }

    @Test(arguments: TicketStatus.allCases)
    func everyChangeFrom(_ from: TicketStatus) throws {
        for to in TicketStatus.allCases {
            let key = "\(from.rawValue)>\(to.rawValue)"
            let refusal = TicketWorkflow.refusal(from: from, to: to)
            if from == to {
                #expect(refusal == nil, "\(key) stays put")
            } else {
                #expect((refusal == nil) == Self.allowed.contains(key), "\(key): \(refusal ?? "allowed")")
            }
            let ticket = Self.ticket(status: from)
            var fields = ticket.fields
            fields.status = to
            let later = Timestamp(millisecondsSinceEpoch: 2_000_000)
            do throws(FieldErrors) {
                let updated = try ticket.updated(to: fields, policy: .defaults, now: later)
                #expect(from == to || Self.allowed.contains(key), "\(key) was allowed")
                #expect(updated.version == (from == to ? 1 : 2))
            } catch {
                #expect(!Self.allowed.contains(key), "\(key) was refused")
                #expect(error.errors.first?.code == "invalid_transition")
                #expect(error.errors.first?.message.contains("from \(from.rawValue) to \(to.rawValue)") == true)
            }
        }
    }

    @Test func solvingReopeningAndClosingSetTheServersTimestamps() throws {
        let start = Timestamp(millisecondsSinceEpoch: 1_000_000)
        var ticket = Self.ticket(status: .open, at: start)
        var fields = ticket.fields
        fields.status = .solved
        ticket = try ticket.updated(to: fields, policy: .defaults, now: start + .seconds(60))
        #expect(ticket.solvedAt == start + .seconds(60))
        fields.status = .open
        ticket = try ticket.updated(to: fields, policy: .defaults, now: start + .seconds(120))
        #expect(ticket.solvedAt == nil, "reopening clears solvedAt")
        fields.status = .solved
        ticket = try ticket.updated(to: fields, policy: .defaults, now: start + .seconds(180))
        fields.status = .closed
        ticket = try ticket.updated(to: fields, policy: .defaults, now: start + .seconds(240))
        #expect(ticket.solvedAt == start + .seconds(180))
        #expect(ticket.closedAt == start + .seconds(240))
        #expect(ticket.version == 5)
        // Closed is final: not even the subject may change.
        fields.subject = "Another"
        #expect(throws: FieldErrors.self) { try ticket.updated(to: fields, policy: .defaults, now: start + .seconds(300)) }
    }

    @Test func commentsSetFirstResponseAndReopenPendingTickets() {
        let now = Timestamp(millisecondsSinceEpoch: 5_000_000)
        let pending = Self.ticket(status: .pending)
        let internalNote = TicketComment.Fields(authorType: .agent, authorId: AgentID.make().description, body: "note", isPublic: false)
        #expect(pending.commented(internalNote, now: now) == nil, "an internal note changes nothing")
        let customer = TicketComment.Fields(authorType: .customer, authorId: nil, body: "any news?")
        let reopened = pending.commented(customer, now: now)
        #expect(reopened?.fields.status == .open)
        #expect(reopened?.firstResponseAt == nil, "a customer comment is no response")
        let reply = TicketComment.Fields(authorType: .agent, authorId: AgentID.make().description, body: "on it")
        let answered = reopened?.commented(reply, now: now + .seconds(1))
        #expect(answered?.firstResponseAt == now + .seconds(1))
        #expect(answered?.commented(reply, now: now + .seconds(2)) == nil, "only the first reply counts")
    }

    @Test func autoCloseOnlyClosesSolvedTickets() {
        let now = Timestamp(millisecondsSinceEpoch: 9_000_000)
        #expect(Self.ticket(status: .open).autoClosed(now: now) == nil)
        let closed = Self.ticket(status: .solved).autoClosed(now: now)
        #expect(closed?.fields.status == .closed)
        #expect(closed?.closedAt == now)
    }
}

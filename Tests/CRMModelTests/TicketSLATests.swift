import Testing
@testable import CRMModel

/// SLA dues and breach flags (`TicketSLA`), and the policy's PUT body rules (`SLAPolicy`).
@Suite struct TicketSLATests {
    static let created = Timestamp(millisecondsSinceEpoch: 1_000_000_000)

    static func ticket(_ priority: TicketPriority) -> Ticket {
        var fields = TicketFields(contactId: ContactID.make(), subject: "SLA")
        fields.priority = priority
        return Ticket.make(id: TicketID.make(), number: 1001, fields: fields, policy: .defaults, now: created)
    }

    @Test func duesFollowThePriorityDefaults() {
        let expected: [TicketPriority: (Int64, Int64)] = [.urgent: (60, 240), .high: (240, 1440), .normal: (480, 2880), .low: (1440, 5760)]
        for (priority, minutes) in expected {
            let sla = Self.ticket(priority).sla
            #expect(sla.firstResponseDueAt == Self.created + .seconds(minutes.0 * 60))
            #expect(sla.resolutionDueAt == Self.created + .seconds(minutes.1 * 60))
        }
    }

    @Test func flagsTurnTrueOncePassedUnmetAndStay() {
        var ticket = Self.ticket(.urgent)
        #expect(ticket.breachChecked(now: Self.created + .seconds(3600)) == nil, "exactly at the due time is not late")
        let late = ticket.breachChecked(now: Self.created + .seconds(3601))
        #expect(late?.sla.firstResponseBreached == true)
        #expect(late?.sla.resolutionBreached == false)
        #expect(late?.version == 2)
        ticket = late!
        // A late reply does not undo the breach.
        ticket = ticket.commented(.init(authorType: .agent, authorId: nil, body: "sorry"), now: Self.created + .seconds(4000))!
        #expect(ticket.sla.firstResponseBreached)
        #expect(ticket.nextSLADeadline == Self.created + .seconds(240 * 60))
    }

    @Test func solvedTicketsStopTheClockAndAPriorityChangeReplans() throws {
        var ticket = Self.ticket(.urgent)
        var fields = ticket.fields
        fields.status = .solved
        ticket = try ticket.updated(to: fields, policy: .defaults, now: Self.created + .seconds(60))
        #expect(ticket.nextSLADeadline == nil)
        #expect(ticket.breachChecked(now: Self.created + .seconds(86_400)) == nil, "no breach while solved")

        var open = Self.ticket(.urgent)
        open = open.breachChecked(now: Self.created + .seconds(2 * 3600))!
        #expect(open.sla.firstResponseBreached)
        var lower = open.fields
        lower.priority = .low
        open = try open.updated(to: lower, policy: .defaults, now: Self.created + .seconds(2 * 3600))
        #expect(open.sla.firstResponseDueAt == Self.created + .seconds(1440 * 60))
        #expect(!open.sla.firstResponseBreached, "judged afresh against the new dues")
    }

    @Test func policyBodiesNeedEveryPriorityAndSaneMinutes() throws {
        func errors(_ json: String) -> [String] {
            guard let object = (try? JSONParser().parse(json))?.objectValue else { return ["unparsable"] }
            do throws(FieldErrors) {
                _ = try SLAPolicy.readTargets(from: object)
                return []
            } catch {
                return error.errors.map { "\($0.field):\($0.code)" }
            }
        }
        let full = #"{"urgent":{"firstResponseMinutes":0.02,"resolutionMinutes":1},"high":{"firstResponseMinutes":1,"resolutionMinutes":2},"normal":{"firstResponseMinutes":3,"resolutionMinutes":4},"low":{"firstResponseMinutes":5,"resolutionMinutes":6}}"#
        #expect(errors(full).isEmpty)
        #expect(errors(#"{"urgent":{"firstResponseMinutes":1,"resolutionMinutes":2}}"#) == ["high:required", "normal:required", "low:required"])
        #expect(errors(full.replacingOccurrences(of: "0.02", with: "0")) == ["urgent.firstResponseMinutes:invalid_value"])
        #expect(errors(full.replacingOccurrences(of: "}}", with: "},\"version\":3}")) == ["version:read_only"])
        #expect(errors(full.replacingOccurrences(of: "\"resolutionMinutes\":1}", with: "\"resolutionMinutes\":1,\"x\":1}")) == ["urgent.x:unknown_field"])
        guard let object = try JSONParser().parse(full).objectValue else { return }
        #expect(try SLAPolicy.readTargets(from: object)[.urgent]?.firstResponse == .milliseconds(1200))
    }
}

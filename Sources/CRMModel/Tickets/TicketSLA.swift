/// A ticket's SLA clock: when the first public agent reply and the solution are due, and whether
/// either target passed unmet. Dues come from the policy's target for the ticket's priority,
/// counted from the ticket's creation; they are set at creation and again when the priority changes.
///
/// A target is breached when the moment it was met (`firstResponseAt`, `solvedAt`), or the present
/// while it is unmet, lies after its due time. Flags, once true, stay true (a late answer does not
/// undo a breach) — except that a priority change evaluates both afresh against the new dues. The
/// clocks stop while a ticket is solved or closed: such a ticket gains no new breach (a reopened
/// ticket's resolution clock runs again, against the same due time).
public struct TicketSLA: Sendable, Equatable {
    public var firstResponseDueAt: Timestamp
    public var resolutionDueAt: Timestamp
    public var firstResponseBreached = false
    public var resolutionBreached = false

    public init(firstResponseDueAt: Timestamp, resolutionDueAt: Timestamp, firstResponseBreached: Bool = false, resolutionBreached: Bool = false) {
        self.firstResponseDueAt = firstResponseDueAt
        self.resolutionDueAt = resolutionDueAt
        self.firstResponseBreached = firstResponseBreached
        self.resolutionBreached = resolutionBreached
    }

    /// Fresh dues for a ticket created at `createdAt` under `target`.
    public init(createdAt: Timestamp, target: SLAPolicy.Target) {
        self.init(firstResponseDueAt: createdAt + target.firstResponse, resolutionDueAt: createdAt + target.resolution)
    }

    public var isBreached: Bool { firstResponseBreached || resolutionBreached }

    /// Sets the flags of targets that have now passed unmet (or were met late); answers whether a
    /// flag changed. `isRunning` is false for solved and closed tickets (their unmet clocks are stopped).
    @discardableResult
    public mutating func evaluate(firstResponseAt: Timestamp?, solvedAt: Timestamp?, isRunning: Bool, now: Timestamp) -> Bool {
        let before = (firstResponseBreached, resolutionBreached)
        if let firstResponseAt {
            if firstResponseAt > firstResponseDueAt { firstResponseBreached = true }
        } else if isRunning && now > firstResponseDueAt {
            firstResponseBreached = true
        }
        if let solvedAt {
            if solvedAt > resolutionDueAt { resolutionBreached = true }
        } else if isRunning && now > resolutionDueAt {
            resolutionBreached = true
        }
        return before != (firstResponseBreached, resolutionBreached)
    }

    /// The earliest moment after `now` at which an unmet, unflagged target would pass (what the
    /// SLA timer waits for); nil when none is pending.
    public func nextDeadline(firstResponseAt: Timestamp?, solvedAt: Timestamp?, isRunning: Bool) -> Timestamp? {
        guard isRunning else { return nil }
        var deadlines: [Timestamp] = []
        if firstResponseAt == nil && !firstResponseBreached { deadlines.append(firstResponseDueAt) }
        if solvedAt == nil && !resolutionBreached { deadlines.append(resolutionDueAt) }
        return deadlines.min()
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("firstResponseDueAt", firstResponseDueAt)
        writer.field("resolutionDueAt", resolutionDueAt)
        writer.field("firstResponseBreached", firstResponseBreached)
        writer.field("resolutionBreached", resolutionBreached)
        writer.endObject()
    }

    init?(stored object: JSONObject) {
        guard let first = object["firstResponseDueAt"]?.stringValue.flatMap({ Timestamp(rfc3339: $0) }),
              let resolution = object["resolutionDueAt"]?.stringValue.flatMap({ Timestamp(rfc3339: $0) }),
              let firstBreached = object["firstResponseBreached"]?.boolValue,
              let resolutionBreached = object["resolutionBreached"]?.boolValue else { return nil }
        self.init(firstResponseDueAt: first, resolutionDueAt: resolution, firstResponseBreached: firstBreached,
                  resolutionBreached: resolutionBreached)
    }
}

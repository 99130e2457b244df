/// How a ticket changes: a client's new fields (status workflow and its timestamps, SLA re-planned
/// on a priority change), a comment, a rating, the timers. Each answers the new version; none
/// touches storage.
extension Ticket {
    /// A new ticket: SLA dues from `policy` for its priority, counted from `now`.
    public static func make(id: TicketID, number: Int, fields: TicketFields, policy: SLAPolicy, now: Timestamp) -> Ticket {
        Ticket(id: id, number: number, fields: fields, sla: TicketSLA(createdAt: now, target: policy.target(for: fields.priority)),
               createdAt: now)
    }

    /// The ticket with `fields` as of `now`, or the reasons it may not change: a closed ticket takes
    /// no change at all; a status change must be allowed by `TicketWorkflow`. Becoming solved sets
    /// `solvedAt`, reopening clears it, closing sets `closedAt`. A new priority re-plans the SLA from
    /// `createdAt` with `policy` and evaluates both flags afresh. Same fields: the same ticket.
    public func updated(to fields: TicketFields, policy: SLAPolicy, now: Timestamp) throws(FieldErrors) -> Ticket {
        guard fields != self.fields else { return self }
        let from = self.fields.status
        if from == .closed && fields.status == .closed {
            throw FieldErrors([FieldError(field: "status", code: "invalid_transition",
                                          message: "cannot change a closed ticket: closed is final, no field can change")])
        }
        if let reason = TicketWorkflow.refusal(from: from, to: fields.status) {
            throw FieldErrors([TicketWorkflow.error(from: from, to: fields.status, reason: reason)])
        }
        var next = self
        next.fields = fields
        switch (from, fields.status) {
        case (let old, .solved) where old != .solved: next.solvedAt = now
        case (.solved, .open): next.solvedAt = nil
        case (.solved, .closed): next.closedAt = now
        default: break
        }
        if fields.priority != self.fields.priority {
            next.sla = TicketSLA(createdAt: createdAt, target: policy.target(for: fields.priority))
        }
        next.evaluateSLA(now: now)
        next.touch(now)
        return next
    }

    /// What a new comment does to its ticket: the first public agent comment sets `firstResponseAt`;
    /// a customer comment on a pending ticket moves it to open. Nil when the ticket does not change.
    public func commented(_ comment: TicketComment.Fields, now: Timestamp) -> Ticket? {
        var next = self
        if comment.authorType == .agent && comment.isPublic && firstResponseAt == nil { next.firstResponseAt = now }
        if comment.authorType == .customer && fields.status == .pending { next.fields.status = .open }
        guard next != self else { return nil }
        next.evaluateSLA(now: now)
        next.touch(now)
        return next
    }

    /// The SLA flags as of `now` (the timer); nil when none changed.
    public func breachChecked(now: Timestamp) -> Ticket? {
        var next = self
        guard next.evaluateSLA(now: now) else { return nil }
        next.touch(now)
        return next
    }

    /// Closed by the auto-close timer; nil unless solved.
    public func autoClosed(now: Timestamp) -> Ticket? {
        guard fields.status == .solved else { return nil }
        var next = self
        next.fields.status = .closed
        next.closedAt = now
        next.touch(now)
        return next
    }

    /// A new version as of `now`.
    public mutating func touch(_ now: Timestamp) {
        updatedAt = max(updatedAt, now)
        version += 1
    }
}

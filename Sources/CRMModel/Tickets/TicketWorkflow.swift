/// The status rules of SPEC §3, in one table:
///
/// | from \ to | new | open | pending | on_hold | solved | closed |
/// |-----------|-----|------|---------|---------|--------|--------|
/// | new       |  =  |  ✓   |    ✓    |    ✓    |   ✓    |   –    |
/// | open      |  –  |  =   |    ✓    |    ✓    |   ✓    |   –    |
/// | pending   |  –  |  ✓   |    =    |    ✓    |   ✓    |   –    |
/// | on_hold   |  –  |  ✓   |    ✓    |    =    |   ✓    |   –    |
/// | solved    |  –  |  ✓   |    –    |    –    |   =    |   ✓    |
/// | closed    |  –  |  –   |    –    |    –    |   –    |   =    |
///
/// `closed` is final and reached only from `solved`; `solved → open` reopens; nothing goes back to
/// `new`. A ticket may be created as `new`, `open`, `pending` or `on_hold`.
public enum TicketWorkflow {
    /// The statuses a ticket may be created with (solved and closed need the server's timestamps).
    public static let creationStatuses: [TicketStatus] = [.new, .open, .pending, .onHold]

    /// Nil when `from → to` is allowed (staying put always is, except that nothing changes a closed
    /// ticket); otherwise why not, for the 422 message.
    public static func refusal(from: TicketStatus, to: TicketStatus) -> String? {
        if from == to { return nil }
        switch (from, to) {
        case (.closed, _):
            return "a closed ticket is final"
        case (_, .closed) where from != .solved:
            return "only a solved ticket can be closed"
        case (_, .new):
            return "a ticket cannot go back to new"
        case (.solved, .open), (.solved, .closed):
            return nil
        case (.solved, _):
            return "a solved ticket can only be reopened (open) or closed"
        default:
            return nil
        }
    }

    /// The field error of a refused change, naming both states.
    public static func error(from: TicketStatus, to: TicketStatus, reason: String) -> FieldError {
        FieldError(field: "status", code: "invalid_transition",
                   message: "cannot change from \(from.rawValue) to \(to.rawValue): \(reason)")
    }
}

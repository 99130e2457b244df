import CRMModel
import CRMStore

/// How the ticket timers behave (flags of `crm serve`).
public struct TicketSettings: Sendable {
    /// Solved tickets close on their own this long after `solvedAt` (`--ticket-auto-close-days`, default 4).
    public var autoCloseAfter: Duration = .seconds(4 * 86_400)
    /// The longest the timer sleeps between looks (`--sla-check-interval`, default 30 s). It also
    /// wakes at the next known deadline, so a breach is usually stored within milliseconds of it;
    /// the interval bounds the delay for deadlines of tickets created while it sleeps.
    public var checkInterval: Duration = .seconds(30)

    public init() {}
}

/// The background task that keeps tickets true to the clock with no request needed: it stores the
/// SLA flags of targets that passed unmet (a `ticket.updated` record each) and closes solved tickets
/// after the auto-close delay. Each change is checked again inside its commit against the latest
/// state, so a reply that lands first wins. Records carry the actor `system`.
public struct TicketTimers: Sendable {
    let store: Store
    let state: TicketsState
    let settings: TicketSettings
    /// Tickets changed per commit at most.
    static let batchSize = 500

    public init(store: Store, state: TicketsState, settings: TicketSettings) {
        self.store = store
        self.state = state
        self.settings = settings
    }

    /// Starts the loop; cancel the task to stop it.
    public func start() -> Task<Void, Never> {
        Task.detached { await run() }
    }

    func run() async {
        while !Task.isCancelled {
            let now = Timestamp.now()
            let work = state.timerWork(now: now, autoCloseAfter: settings.autoCloseAfter)
            var wait = settings.checkInterval
            if let next = work.nextDeadline { wait = min(wait, max(.milliseconds(5), next - now)) }
            for start in stride(from: 0, to: work.due.count, by: Self.batchSize) {
                let batch = Array(work.due[start..<min(work.due.count, start + Self.batchSize)])
                do {
                    try await commit(batch)
                } catch {
                    wait = settings.checkInterval
                    break
                }
            }
            try? await Task.sleep(for: wait)
        }
    }

    /// Appends the new version of each ticket that is still due as of the commit's time.
    private func commit(_ ids: [TicketID]) async throws {
        try await store.commit(actor: "system", requestId: "ticket-timer") { [state, settings] context in
            let now = Timestamp(millisecondsSinceEpoch: context.timestamp)
            for id in ids {
                guard let ticket = state.ticket(id) else { continue }
                let changed = ticket.autoClosed(now: now, after: settings.autoCloseAfter) ?? ticket.breachChecked(now: now)
                if let changed {
                    context.append(type: TicketsState.ticketType, id: id.description, op: .put, data: changed.jsonBytes)
                }
            }
        }
    }
}

extension Ticket {
    /// Closed by the timer when it has been solved for `delay` as of `now`.
    func autoClosed(now: Timestamp, after delay: Duration) -> Ticket? {
        guard let solvedAt, fields.status == .solved, solvedAt + delay <= now else { return nil }
        return autoClosed(now: now)
    }
}

extension TicketsState {
    /// The tickets the timer must change as of `now`, and the next moment one will be due.
    func timerWork(now: Timestamp, autoCloseAfter delay: Duration) -> (due: [TicketID], nextDeadline: Timestamp?) {
        read { tables in
            var due: [TicketID] = []
            var next: Timestamp?
            func consider(_ deadline: Timestamp) { next = next.map { min($0, deadline) } ?? deadline }
            for ticket in tables.tickets.values {
                if ticket.autoClosed(now: now, after: delay) != nil || ticket.breachChecked(now: now) != nil {
                    due.append(ticket.id)
                    continue
                }
                if ticket.fields.status == .solved, let solvedAt = ticket.solvedAt { consider(solvedAt + delay) }
                // A target is breached once the clock is strictly past its due time.
                if let deadline = ticket.nextSLADeadline { consider(deadline + .milliseconds(1)) }
            }
            return (due, next)
        }
    }
}

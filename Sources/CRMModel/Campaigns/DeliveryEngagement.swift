/// What a message's events add up to: each kind counted once per message (unique opens, clicks,
/// …), conversion revenue summed over every conversion, and the first time of each kind.
public struct DeliveryEngagement: Sendable, Equatable {
    public var firstAt: [CampaignEventKind: Timestamp] = [:]
    /// Sum of the `value` of every `converted` event (minor units; saturating).
    public var revenue: Int64 = 0

    public init() {}

    public init(_ events: some Sequence<CampaignEvent>) {
        for event in events { record(event) }
    }

    public mutating func record(_ event: CampaignEvent) {
        firstAt[event.kind] = min(firstAt[event.kind] ?? event.occurredAt, event.occurredAt)
        if event.kind == .converted, let value = event.value {
            let (sum, overflow) = revenue.addingReportingOverflow(value)
            revenue = overflow ? Int64.max : sum
        }
    }

    public func has(_ kind: CampaignEventKind) -> Bool { firstAt[kind] != nil }

    /// A delivered, opened, clicked or converted event arrived (SPEC §6).
    public var isDelivered: Bool { CampaignEventKind.allCases.contains { $0.provesDelivery && has($0) } }

    /// The status shown for a message whose stored progress is `stored` (nil: never claimed):
    /// `cancelled` stays; a bounce (reported as a result or an event) shows `bounced`; a message
    /// proven delivered shows `delivered`; a claim whose lease ran out before `now` shows `queued`
    /// (it goes back to the queue on the next claim).
    public func status(stored: DeliveryProgress?, now: Timestamp) -> DeliveryStatus {
        let state = stored?.state ?? .queued
        if state == .cancelled { return .cancelled }
        if state == .bounced || has(.bounced) { return .bounced }
        if isDelivered { return .delivered }
        if state == .claimed, let lease = stored?.leaseExpiresAt, lease <= now { return .queued }
        return state
    }

    /// Lead-score points from campaign engagement (LeadScore, max 10 once summed): 2 for a message
    /// opened, 3 more when clicked, 5 more when it led to a conversion.
    public var leadScorePoints: Int {
        (has(.opened) ? 2 : 0) + (has(.clicked) ? 3 : 0) + (has(.converted) ? 5 : 0)
    }
}

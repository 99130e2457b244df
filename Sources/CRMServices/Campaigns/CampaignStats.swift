import CRMModel

/// `GET /v1/campaigns/{id}/stats`: counts per variant and overall, their rates, revenue and the A/B
/// result, worked out from the messages and events in memory at the moment of asking.
///
/// - recipients: messages written at launch (cancelled ones included);
/// - delivered: messages with a delivered, opened, clicked or converted event (SPEC §6);
/// - uniqueOpens, uniqueClicks, conversions, bounces, unsubscribes: messages with at least one such
///   event (a bounce also when the sender's result was `bounced`);
/// - revenue: the sum of every conversion's `value` (minor units);
/// - rates: open, click, conversion and unsubscribe rates are over delivered messages, null (with
///   `ratesNote`) while none is delivered; the bounce rate is over recipients (a bounced message is
///   by definition not delivered, so over delivered it could pass 1), null without recipients.
public struct CampaignStats: Sendable {
    public struct Counts: Sendable, Equatable {
        public var recipients = 0
        public var delivered = 0
        public var uniqueOpens = 0
        public var uniqueClicks = 0
        public var conversions = 0
        public var bounces = 0
        public var unsubscribes = 0
        public var revenue: Int64 = 0

        mutating func add(_ engagement: DeliveryEngagement, bounced: Bool) {
            recipients += 1
            if engagement.isDelivered { delivered += 1 }
            if engagement.has(.opened) { uniqueOpens += 1 }
            if engagement.has(.clicked) { uniqueClicks += 1 }
            if engagement.has(.converted) { conversions += 1 }
            if bounced { bounces += 1 }
            if engagement.has(.unsubscribed) { unsubscribes += 1 }
            let (sum, overflow) = revenue.addingReportingOverflow(engagement.revenue)
            revenue = overflow ? Int64.max : sum
        }

        func rate(_ count: Int) -> Double? { delivered > 0 ? Double(count) / Double(delivered) : nil }
        public var openRate: Double? { rate(uniqueOpens) }
        public var clickRate: Double? { rate(uniqueClicks) }
        public var conversionRate: Double? { rate(conversions) }
        public var unsubscribeRate: Double? { rate(unsubscribes) }
        public var bounceRate: Double? { recipients > 0 ? Double(bounces) / Double(recipients) : nil }
    }

    public var campaignId: CampaignID
    public var name: String
    public var status: CampaignStatus
    public var launchedAt: Timestamp?
    public var overall = Counts()
    /// In the campaign's variant order.
    public var variants: [(key: String, counts: Counts)]
    public var abTest: ABTestResult { ABTestResult(variants) }
}

extension CampaignsState {
    /// Messages read per read lock while counting, so a large campaign never holds up `apply` long.
    static let statsChunk = 5_000

    func stats(of id: CampaignID, now: Timestamp) -> CampaignStats? {
        let found: (Campaign, [DeliveryID])? = read { tables in
            tables.campaigns[id].map { ($0, tables.byCampaign[id]?.elements() ?? []) }
        }
        guard let campaign = found?.0, let messages = found?.1 else { return nil }
        var stats = CampaignStats(campaignId: id, name: campaign.fields.name, status: campaign.status, launchedAt: campaign.launchedAt,
                                  variants: campaign.fields.variants.map { ($0.key, CampaignStats.Counts()) })
        var position = Dictionary(uniqueKeysWithValues: campaign.fields.variants.enumerated().map { ($1.key, $0) })
        for start in stride(from: 0, to: messages.count, by: Self.statsChunk) {
            read { tables in
                for messageId in messages[start..<min(start + Self.statsChunk, messages.count)] {
                    guard let message = tables.messages[messageId] else { continue }
                    let engagement = tables.engagement(of: messageId)
                    let bounced = engagement.status(stored: tables.progress[messageId], now: now) == .bounced
                    stats.overall.add(engagement, bounced: bounced)
                    if position[message.variant] == nil {
                        position[message.variant] = stats.variants.count
                        stats.variants.append((message.variant, CampaignStats.Counts()))
                    }
                    stats.variants[position[message.variant]!].counts.add(engagement, bounced: bounced)
                }
            }
        }
        return stats
    }
}

extension CampaignsState {
    /// One campaign's stats now (nil when there is no such campaign).
    public func stats(of id: CampaignID) -> CampaignStats? {
        stats(of: id, now: Timestamp.now())
    }

    /// Every campaign's stats, oldest campaign first (for `GET /v1/analytics/campaigns`).
    public func allStats() -> [CampaignStats] {
        let now = Timestamp.now()
        return read { $0.campaignOrder.elements() }.compactMap { stats(of: $0, now: now) }
    }

    /// How many campaigns are running (for the dashboard).
    public var runningCount: Int {
        read { tables in tables.campaigns.values.count { $0.status == .running } }
    }

    /// Conversion events that occurred at or after `since`, and their summed value (for the dashboard).
    public func conversions(since: Timestamp) -> (count: Int, revenue: Int64) {
        read { tables in
            tables.events.values.reduce(into: (count: 0, revenue: Int64(0))) { total, event in
                guard event.kind == .converted, event.occurredAt >= since else { return }
                total.count += 1
                let (sum, overflow) = total.revenue.addingReportingOverflow(event.value ?? 0)
                total.revenue = overflow ? Int64.max : sum
            }
        }
    }
}

extension CampaignsState {
    /// Messages queued for the outbox transport (for `/metrics`).
    public var outboxQueued: Int {
        read { $0.queues["outbox"]?.count ?? 0 }
    }
}

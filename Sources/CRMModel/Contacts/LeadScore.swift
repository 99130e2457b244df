/// The lead score (SPEC §3): a deterministic 0–100 from four inputs, the sum of
///
/// | part                 | max | points                                                                      |
/// |----------------------|-----|-----------------------------------------------------------------------------|
/// | lifecycle stage      |  40 | churned 0, subscriber 5, lead 10, mql 20, sql 30, opportunity 35, customer 40, evangelist 40 |
/// | recency of the last  |  30 | days since `lastInteractionAt` (whole days, rounded down): ≤ 7 → 30, ≤ 30 → 20, ≤ 90 → 10, |
/// | interaction          |     | ≤ 180 → 5, older or none → 0; an interaction dated after `now` counts as 0 days |
/// | interaction count    |  20 | 0 → 0, 1 → 5, 2–4 → 10, 5–9 → 15, ≥ 10 → 20                                    |
/// | campaign engagement  |  10 | `campaignEngagement` points, clamped to 0–10: per campaign message, 2 when opened, 3 more |
/// |                      |     | when clicked, 5 more when it led to a conversion (`DeliveryEngagement.leadScorePoints`) |
///
/// The stage and count change only when a record is applied; recency also changes as time passes,
/// so the score is evaluated against `now` whenever a contact is read (one `now` per list page).
/// `openapi.yaml` (schema `Contact`, `leadScore`) states the same formula; change both together.
public enum LeadScore {
    public static let maximum = 100

    public struct Inputs: Sendable, Equatable {
        public var stage: ContactFields.LifecycleStage
        public var interactionCount: Int
        public var lastInteractionAt: Timestamp?
        /// Points from campaign opens, clicks and conversions (0–10), see `DeliveryEngagement`.
        public var campaignEngagement: Int

        public init(stage: ContactFields.LifecycleStage, interactionCount: Int, lastInteractionAt: Timestamp?,
                    campaignEngagement: Int = 0) {
            self.stage = stage
            self.interactionCount = interactionCount
            self.lastInteractionAt = lastInteractionAt
            self.campaignEngagement = campaignEngagement
        }
    }

    public static func score(_ inputs: Inputs, now: Timestamp) -> Int {
        let total = stagePoints(inputs.stage) + recencyPoints(since: inputs.lastInteractionAt, now: now)
            + countPoints(inputs.interactionCount) + min(10, max(0, inputs.campaignEngagement))
        return min(maximum, max(0, total))
    }

    static func stagePoints(_ stage: ContactFields.LifecycleStage) -> Int {
        switch stage {
        case .churned: 0
        case .subscriber: 5
        case .lead: 10
        case .mql: 20
        case .sql: 30
        case .opportunity: 35
        case .customer, .evangelist: 40
        }
    }

    static func recencyPoints(since last: Timestamp?, now: Timestamp) -> Int {
        guard let last else { return 0 }
        let days = max(0, (now.millisecondsSinceEpoch - last.millisecondsSinceEpoch) / 86_400_000)
        switch days {
        case ...7: return 30
        case ...30: return 20
        case ...90: return 10
        case ...180: return 5
        default: return 0
        }
    }

    static func countPoints(_ count: Int) -> Int {
        switch count {
        case ..<1: 0
        case 1: 5
        case 2...4: 10
        case 5...9: 15
        default: 20
        }
    }
}

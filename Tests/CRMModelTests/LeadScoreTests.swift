import Testing
@testable import CRMModel

@Suite struct LeadScoreTests {
    static let now = Timestamp(rfc3339: "2026-11-22T12:00:00Z")!
    static let day: Int64 = 86_400_000

    func daysAgo(_ days: Int64) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: Self.now.millisecondsSinceEpoch - days * Self.day)
    }

    func score(_ stage: ContactFields.LifecycleStage, count: Int = 0, daysAgo days: Int64? = nil, engagement: Int = 0) -> Int {
        LeadScore.score(.init(stage: stage, interactionCount: count, lastInteractionAt: days.map(daysAgo),
                              campaignEngagement: engagement), now: Self.now)
    }

    @Test func stageAloneGivesItsPoints() {
        let expected: [ContactFields.LifecycleStage: Int] = [.churned: 0, .subscriber: 5, .lead: 10, .mql: 20, .sql: 30,
                                                             .opportunity: 35, .customer: 40, .evangelist: 40]
        for stage in ContactFields.LifecycleStage.allCases { #expect(score(stage) == expected[stage], "\(stage)") }
    }

    @Test func recencyBucketsByWholeDays() {
        #expect(score(.churned, count: 0, daysAgo: 0) == 30)
        #expect(score(.churned, count: 0, daysAgo: 7) == 30)
        #expect(score(.churned, count: 0, daysAgo: 8) == 20)
        #expect(score(.churned, count: 0, daysAgo: 30) == 20)
        #expect(score(.churned, count: 0, daysAgo: 31) == 10)
        #expect(score(.churned, count: 0, daysAgo: 90) == 10)
        #expect(score(.churned, count: 0, daysAgo: 180) == 5)
        #expect(score(.churned, count: 0, daysAgo: 181) == 0)
        #expect(score(.churned, count: 0, daysAgo: -3) == 30, "a future date counts as today")
        // 7 days and 23 hours is still 7 whole days.
        let almost = Timestamp(millisecondsSinceEpoch: Self.now.millisecondsSinceEpoch - 8 * Self.day + 3_600_000)
        #expect(LeadScore.score(.init(stage: .churned, interactionCount: 0, lastInteractionAt: almost), now: Self.now) == 30)
    }

    @Test func countBuckets() {
        let expected = [0: 0, 1: 5, 2: 10, 4: 10, 5: 15, 9: 15, 10: 20, 1_000: 20]
        for (count, points) in expected { #expect(score(.churned, count: count) == points, "\(count)") }
    }

    @Test func sumsAndStaysWithinZeroToHundred() {
        #expect(score(.lead, count: 2, daysAgo: 1) == 10 + 30 + 10)
        #expect(score(.customer, count: 12, daysAgo: 2, engagement: 10) == 100)
        #expect(score(.evangelist, count: 50, daysAgo: 0, engagement: 99) == 100)
        #expect(score(.churned, count: 0, engagement: -5) == 0)
        #expect(score(.mql, count: 3, daysAgo: 45) == 20 + 10 + 10)
    }
}

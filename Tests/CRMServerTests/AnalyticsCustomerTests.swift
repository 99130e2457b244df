import CRMTestSupport
import Foundation
import Testing

/// RFM, churn, LTV, cohorts and revenue over HTTP against hand-made data sets whose answers are
/// worked out by hand in the comments (asOf 2026-06-01T00:00:00Z, money in EUR minor units).
@Suite struct AnalyticsCustomerTests {
    /// 20 customers: days since the last purchase, purchase count and total spent, chosen with ties.
    /// Scores (1 + ⌊5 × strictly worse ÷ 20⌋, capped at 5):
    ///   R: d=1,1,2,3 → 5; 5,8 → 4; 10,10,10,20,30,40 → 3; 50..80 → 2; 90..300 → 1
    ///   F: 1 → 1; 2 → 2 (7 worse); 3 → 3 (11); 4 → 4 (14); 5,6,7 → 5
    ///   M: 50,100 → 1; 150..300 → 2; 350..500 → 3; 600..900 → 4; ≥1000 → 5
    static let customers: [(days: Double, count: Int, spent: Int, r: Int, f: Int, m: Int, segment: String)] = [
        (1, 5, 1000, 5, 5, 5, "champions"), (1, 1, 200, 5, 1, 2, "new"), (2, 4, 800, 5, 4, 4, "champions"),
        (3, 2, 300, 5, 2, 2, "potential_loyalist"), (5, 1, 100, 4, 1, 1, "new"), (8, 3, 600, 4, 3, 4, "potential_loyalist"),
        (10, 6, 1500, 3, 5, 5, "loyal"), (10, 1, 100, 3, 1, 1, "need_attention"), (10, 2, 400, 3, 2, 3, "need_attention"),
        (20, 3, 500, 3, 3, 3, "need_attention"), (30, 4, 900, 3, 4, 4, "loyal"), (40, 5, 1200, 3, 5, 5, "loyal"),
        (50, 1, 150, 2, 1, 2, "hibernating"), (60, 1, 100, 2, 1, 1, "hibernating"), (70, 2, 300, 2, 2, 2, "hibernating"),
        (80, 7, 2000, 2, 5, 5, "loyal"), (90, 1, 250, 1, 1, 2, "hibernating"), (100, 3, 700, 1, 3, 4, "at_risk"),
        (200, 2, 350, 1, 2, 3, "hibernating"), (300, 1, 50, 1, 1, 1, "hibernating"),
    ]

    @Test func rfmScoresAndSegmentsTwentyCustomersWithTies() async throws {
        try await offPool { () throws -> Void in
            let fixtures = AnalyticsFixtures(server: try TestServer())
            var ids: [String] = []
            for (number, customer) in Self.customers.enumerated() {
                let id = try fixtures.contact("rfm\(number)")
                ids.append(id)
                // Earlier purchases of 10 each, 10 days apart; the last one carries the rest.
                for earlier in stride(from: customer.count - 1, through: 1, by: -1) {
                    try fixtures.purchase(id, daysBeforeAsOf: customer.days + Double(earlier) * 10, amount: 10)
                }
                try fixtures.purchase(id, daysBeforeAsOf: customer.days, amount: customer.spent - 10 * (customer.count - 1))
            }
            let _ = try fixtures.contact("no.purchases")
            let answer = try fixtures.get("/v1/analytics/rfm?asOf=\(AnalyticsFixtures.asOf)&limit=50")
            #expect(answer["customers"] as? Int == 20)
            #expect(answer["currency"] as? String == "EUR")
            let segments = Dictionary(uniqueKeysWithValues: (answer["segments"] as? [[String: Any]] ?? []).map {
                ($0["segment"] as! String, ($0["customers"] as! Int, $0["averageMonetary"] as? Double))
            })
            #expect(segments["champions"]! == (2, 900))
            #expect(segments["loyal"]! == (4, 1400))
            #expect(segments["new"]! == (2, 150))
            #expect(segments["potential_loyalist"]! == (2, 450))
            #expect(segments["at_risk"]! == (1, 700))
            #expect(segments["hibernating"]! == (6, 200))
            #expect(segments["need_attention"]! == (3, 333.333333))
            let rows = Dictionary(uniqueKeysWithValues: (answer["data"] as? [[String: Any]] ?? []).map { ($0["contactId"] as! String, $0) })
            for (id, customer) in zip(ids, Self.customers) {
                let row = rows[id] ?? [:]
                #expect([row["r"] as? Int, row["f"] as? Int, row["m"] as? Int] == [customer.r, customer.f, customer.m], "\(customer)")
                #expect(row["segment"] as? String == customer.segment)
            }
            // The contact carries its scores; rfmSegment works in filters.
            let loyal = try fixtures.get("/v1/contacts/\(ids[15])")["rfm"] as? [String: Any]
            #expect(loyal?["segment"] as? String == "loyal")
            #expect(loyal?["r"] as? Int == 2)
            let filter = #"{"all":[{"field":"rfmSegment","op":"eq","value":"hibernating"}]}"#
                .addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let hibernating = try fixtures.get("/v1/contacts?filter=\(filter)&limit=100")["data"] as? [[String: Any]] ?? []
            #expect(Set(hibernating.map { $0["id"] as! String }) == Set([12, 13, 14, 16, 18, 19].map { ids[$0] }))
            // A new purchase changes the scores at once (never stale).
            try fixtures.purchase(ids[19], daysBeforeAsOf: 0.5, amount: 5000)
            let moved = try fixtures.get("/v1/contacts/\(ids[19])")["rfm"] as? [String: Any]
            #expect(moved?["r"] as? Int == 5)
            #expect(moved?["m"] as? Int == 5)
            #expect(try fixtures.server.request("GET", "/v1/analytics/rfm?segment=sleepy").status == 400)
        }
    }

    /// Five customers (purchase days before asOf, amounts in EUR):
    ///   A: 100, 80, 50 (1000 each)  gaps 20, 30 → median 25; 50 days since → risk min(1, 50/50) = 1
    ///   B: 40, 30, 20, 10 (500 each) gaps 10, 10, 10 → median 10; 10 days → 0.5
    ///   C: 15 (2000)                 one purchase → global median gap
    ///   D: 9, 3 (300 each)           gap 6; 3 days → 3/12 = 0.25
    ///   E: 40 (100)                  one purchase → 40/20 → capped at 1
    /// Global gaps 6, 10, 10, 10, 20, 30 → median 10, so C: 15/20 = 0.75.
    static func fiveCustomers(_ fixtures: AnalyticsFixtures) throws -> [String: String] {
        var ids: [String: String] = [:]
        let plan: [(String, [Double], Int)] = [
            ("A", [100, 80, 50], 1000), ("B", [40, 30, 20, 10], 500), ("C", [15], 2000), ("D", [9, 3], 300), ("E", [40], 100),
        ]
        for (name, days, amount) in plan {
            let id = try fixtures.contact("customer\(name)")
            ids[name] = id
            for day in days { try fixtures.purchase(id, daysBeforeAsOf: day, amount: amount) }
        }
        return ids
    }

    @Test func churnRiskFromEachCustomersMedianGap() async throws {
        try await offPool { () throws -> Void in
            let fixtures = AnalyticsFixtures(server: try TestServer())
            let ids = try Self.fiveCustomers(fixtures)
            let answer = try fixtures.get("/v1/analytics/churn?asOf=\(AnalyticsFixtures.asOf)")
            #expect(answer["globalMedianGapDays"] as? Double == 10)
            #expect(answer["averageRisk"] as? Double == 0.7)
            let rows = answer["data"] as? [[String: Any]] ?? []
            #expect(rows.map { $0["contactId"] as! String } == ["A", "E", "C", "B", "D"].map { ids[$0]! })
            #expect(rows.map { $0["risk"] as! Double } == [1, 1, 0.75, 0.5, 0.25])
            #expect(rows.map { $0["medianGapDays"] as! Double } == [25, 10, 10, 10, 6])
            #expect(rows.map { $0["daysSinceLastPurchase"] as! Double } == [50, 40, 15, 10, 3])
            // Paging walks the same order.
            let first = try fixtures.get("/v1/analytics/churn?asOf=\(AnalyticsFixtures.asOf)&limit=2")
            let cursor = first["nextCursor"] as! String
            let second = try fixtures.get("/v1/analytics/churn?asOf=\(AnalyticsFixtures.asOf)&limit=2&cursor=\(cursor)")
            #expect((second["data"] as? [[String: Any]] ?? []).map { $0["contactId"] as! String } == [ids["C"]!, ids["B"]!])
        }
    }

    /// Predicted = average order value × purchases ÷ (max(30, days since first) ÷ 365) × 3:
    ///   A: 1000 × 3/(100/365) × 3 = 32850    B: 500 × 4/(40/365) × 3 = 54750    C: 2000 × 1/(30/365) × 3 = 73000
    ///   D: 300 × 2/(30/365) × 3 = 21900      E: 100 × 1/(40/365) × 3 = 2737.5
    @Test func lifetimeValueHistoricalAndPredicted() async throws {
        try await offPool { () throws -> Void in
            let fixtures = AnalyticsFixtures(server: try TestServer())
            let ids = try Self.fiveCustomers(fixtures)
            let answer = try fixtures.get("/v1/analytics/ltv?asOf=\(AnalyticsFixtures.asOf)")
            #expect(answer["lifespanYears"] as? Double == 3)
            let totals = answer["totals"] as? [String: Any] ?? [:]
            #expect(totals["historicalValue"] as? Int == 7700)
            #expect(totals["predictedValue"] as? Double == 185_237.5)
            let averages = answer["averages"] as? [String: Any] ?? [:]
            #expect(averages["historicalValue"] as? Double == 1540)
            #expect(averages["predictedValue"] as? Double == 37_047.5)
            let rows = answer["data"] as? [[String: Any]] ?? []
            #expect(rows.map { $0["contactId"] as! String } == ["C", "B", "A", "D", "E"].map { ids[$0]! })
            #expect(rows.map { $0["predictedValue"] as! Double } == [73000, 54750, 32850, 21900, 2737.5])
            #expect(rows.map { $0["purchasesPerYear"] as! Double } == [12.166667, 36.5, 10.95, 24.333333, 9.125])
            let longer = try fixtures.get("/v1/analytics/ltv?asOf=\(AnalyticsFixtures.asOf)&lifespanYears=1")
            #expect((longer["totals"] as? [String: Any])?["predictedValue"] as? Double == 61_745.833333)
        }
    }

    /// Months of the purchases: A Feb, Mar, Apr; B Apr, May, May, May; C May; D May, May; E Apr.
    /// Cohorts by first purchase: 2026-02 {A}, 2026-04 {B, E}, 2026-05 {C, D}; offsets through June.
    /// Revenue: Feb 1000, Mar 1000, Apr 1000 + 500 + 100, May 1500 + 2000 + 600, Jun 0.
    @Test func cohortMatrixAndRevenueSeries() async throws {
        try await offPool { () throws -> Void in
            let fixtures = AnalyticsFixtures(server: try TestServer())
            _ = try Self.fiveCustomers(fixtures)
            let cohorts = try fixtures.get("/v1/analytics/cohorts?asOf=\(AnalyticsFixtures.asOf)")["cohorts"] as? [[String: Any]] ?? []
            #expect(cohorts.map { $0["cohort"] as! String } == ["2026-02", "2026-04", "2026-05"])
            #expect(cohorts.map { $0["customers"] as! Int } == [1, 2, 2])
            #expect(cohorts.map { $0["active"] as! [Int] } == [[1, 1, 1, 0, 0], [2, 1, 0], [2, 0]])
            #expect(cohorts.map { $0["retention"] as! [Double] } == [[1, 1, 1, 0, 0], [1, 0.5, 0], [1, 0]])
            let revenue = try fixtures.get("/v1/analytics/revenue?asOf=\(AnalyticsFixtures.asOf)&since=2026-02-01T00:00:00Z&interval=month")
            #expect((revenue["data"] as? [[String: Any]] ?? []).map { $0["period"] as! String } == ["2026-02", "2026-03", "2026-04", "2026-05", "2026-06"])
            #expect((revenue["data"] as? [[String: Any]] ?? []).map { $0["revenue"] as! Int } == [1000, 1000, 1600, 4100, 0])
            #expect(revenue["total"] as? Int == 7700)
            let weeks = try fixtures.get("/v1/analytics/revenue?asOf=\(AnalyticsFixtures.asOf)&since=2026-05-18T00:00:00Z&interval=week")
            // Weeks start on Monday: 05-18 (C 05-17 is the week before; B 05-22 500, D 05-23 300), 05-25 (D 05-29 300), 06-01.
            #expect((weeks["data"] as? [[String: Any]] ?? []).map { "\($0["period"]!)=\($0["revenue"]!)" } == ["2026-05-18=800", "2026-05-25=300", "2026-06-01=0"])
            #expect(try fixtures.server.request("GET", "/v1/analytics/cohorts?interval=day").status == 400)
            #expect(try fixtures.server.request("GET", "/v1/analytics/revenue?since=yesterday").status == 400)
        }
    }

    @Test func emptyDataGivesZerosAndNulls() async throws {
        try await offPool { () throws -> Void in
            let fixtures = AnalyticsFixtures(server: try TestServer())
            for path in ["rfm", "churn", "ltv", "cohorts", "funnel", "revenue", "forecast", "sales", "dashboard"] {
                let response = try fixtures.server.request("GET", "/v1/analytics/\(path)")
                #expect(response.status == 200, "\(path)")
                #expect(!String(decoding: response.body, as: UTF8.self).contains("nan"), "\(path)")
            }
            let churn = try fixtures.get("/v1/analytics/churn")
            #expect(churn["averageRisk"] is NSNull)
            #expect((churn["data"] as? [Any])?.isEmpty == true)
        }
    }
}

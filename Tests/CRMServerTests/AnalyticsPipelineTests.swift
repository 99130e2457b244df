import CRMTestSupport
import Foundation
import Testing

/// Funnel, forecast, sales, recommendations and the dashboard over HTTP against hand-made data.
@Suite struct AnalyticsPipelineTests {
    /// P1 subscriber; P2 lead; P3 lead → mql; P4 lead → customer; P5 customer → churned;
    /// P6 opportunity → lead. A contact reached a stage when it was in it or a later one, so
    /// subscriber 6, lead 5, mql 4 (P3–P6), sql 3, opportunity 3 (P4–P6), customer 2, evangelist 0.
    @Test func funnelCountsEveryStageEverReachedAndSurvivesCompaction() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let fixtures = AnalyticsFixtures(server: server)
            _ = try fixtures.contact("p1", stage: "subscriber")
            _ = try fixtures.contact("p2", stage: "lead")
            let p3 = try fixtures.contact("p3", stage: "lead")
            let p4 = try fixtures.contact("p4", stage: "lead")
            let p5 = try fixtures.contact("p5", stage: "customer")
            let p6 = try fixtures.contact("p6", stage: "opportunity")
            for (id, stage) in [(p3, "mql"), (p4, "customer"), (p5, "churned"), (p6, "lead")] {
                #expect(try server.request("PATCH", "/v1/contacts/\(id)", body: #"{"lifecycleStage":"\#(stage)"}"#).status == 200)
            }
            func check() throws {
                let funnel = try fixtures.get("/v1/analytics/funnel")
                let stages = funnel["stages"] as? [[String: Any]] ?? []
                #expect(stages.map { $0["stage"] as! String } == ["subscriber", "lead", "mql", "sql", "opportunity", "customer", "evangelist"])
                #expect(stages.map { $0["contacts"] as! Int } == [6, 5, 4, 3, 3, 2, 0])
                #expect(stages.map { $0["conversionFromPrevious"] as? Double } == [nil, 0.833333, 0.8, 0.75, 1, 0.666667, 0])
                #expect(funnel["churned"] as? Int == 1)
                #expect(funnel["contacts"] as? Int == 6)
            }
            try check()
            #expect(try server.request("POST", "/v1/admin/compact").status == 200)
            try server.restart()
            try check()
        }
    }

    /// Monthly revenue 100, 120, 130, 160, 170, 200 (Dec–May), α = 0.5, β = 0.3, by hand:
    ///   level 100 → 120 → 135 → 156.75 → 173.1125 → 195.826875
    ///   trend  20 →  20 → 18.5 → 19.475 → 18.54125 → 19.7931875
    ///   forecast: 215.6200625, 235.41325, 255.2064375
    /// Open deals: 1000 in proposal (0.5) closing 2026-07-10, 2000 in negotiation (0.8) closing
    /// 2026-07-20, 400 in qualification (0.1) without a date; a won deal is not pipeline.
    @Test func holtForecastMatchesTheHandComputedValues() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let fixtures = AnalyticsFixtures(server: server)
            let buyer = try fixtures.contact("forecast")
            let months = ["2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]
            for (month, amount) in zip(months, [100, 120, 130, 160, 170, 200]) {
                try fixtures.purchase(buyer, at: "\(month)-15T12:00:00.000Z", amount: amount)
            }
            for (amount, stage, date) in [(1000, "proposal", "\"2026-07-10\""), (2000, "negotiation", "\"2026-07-20\""), (400, "qualification", "null"), (9000, "won", "\"2026-07-01\"")] {
                let body = #"{"name":"d","contactId":"\#(buyer)","amount":\#(amount),"currency":"EUR","stage":"\#(stage)","expectedCloseDate":\#(date)}"#
                #expect(try server.request("POST", "/v1/deals", body: body).status == 201)
            }
            let answer = try fixtures.get("/v1/analytics/forecast?asOf=\(AnalyticsFixtures.asOf)&horizon=3")
            #expect(answer["alpha"] as? Double == 0.5)
            #expect(answer["beta"] as? Double == 0.3)
            #expect((answer["history"] as? [[String: Any]] ?? []).map { $0["revenue"] as! Int } == [100, 120, 130, 160, 170, 200])
            let forecast = answer["forecast"] as? [[String: Any]] ?? []
            #expect(forecast.map { $0["period"] as! String } == ["2026-06", "2026-07", "2026-08"])
            for (value, expected) in zip(forecast.map { $0["revenue"] as! Double }, [215.6200625, 235.41325, 255.2064375]) {
                #expect(abs(value - expected) < 0.000_01)
            }
            let pipeline = answer["pipeline"] as? [String: Any] ?? [:]
            let monthsOut = pipeline["months"] as? [[String: Any]] ?? []
            #expect(monthsOut.map { "\($0["month"]!):\($0["deals"]!):\($0["weightedValue"]!)" } == ["2026-07:2:2100.0"])
            #expect(pipeline["undatedWeightedValue"] as? Double == 40)
        }
    }

    /// Won 5000 and 3000, lost 1000, open 2000 (proposal) and 1000 (qualification):
    /// win rate 2/3, average won 4000; pipeline value and weighted value per stage.
    @Test func salesWinRatePipelineAndCycle() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let fixtures = AnalyticsFixtures(server: server)
            let buyer = try fixtures.contact("sales")
            for (amount, stage) in [(5000, "won"), (3000, "won"), (1000, "lost"), (2000, "proposal"), (1000, "qualification")] {
                let created = AnalyticsFixtures.json(try server.request("POST", "/v1/deals", body: #"{"name":"d","contactId":"\#(buyer)","amount":\#(amount),"currency":"EUR"}"#))
                if stage != "qualification" {
                    let reason = stage == "lost" ? #","lostReason":"budget""# : ""
                    #expect(try server.request("PATCH", "/v1/deals/\(created["id"] as! String)", body: #"{"stage":"\#(stage)"\#(reason)}"#).status == 200)
                }
            }
            let sales = try fixtures.get("/v1/analytics/sales")
            #expect(sales["won"] as? Int == 2)
            #expect(sales["lost"] as? Int == 1)
            #expect(sales["winRate"] as? Double == 0.666667)
            #expect(sales["averageWonAmount"] as? Double == 4000)
            let cycle = sales["medianSalesCycleDays"] as? Double ?? -1
            #expect(cycle >= 0 && cycle < 0.01)
            let stages = (sales["pipeline"] as? [[String: Any]] ?? []).map { "\($0["stage"]!):\($0["deals"]!):\($0["value"]!):\($0["weightedValue"]!)" }
            #expect(stages == ["qualification:1:1000:100.0", "needs_analysis:0:0:0.0", "proposal:1:2000:1000.0", "negotiation:0:0:0.0",
                               "won:2:8000:8000.0", "lost:1:1000:0.0"])
            let dashboard = try fixtures.get("/v1/analytics/dashboard")
            let pipeline = dashboard["pipeline"] as? [String: Any] ?? [:]
            #expect(pipeline["openDeals"] as? Int == 2)
            #expect(pipeline["value"] as? Int == 3000)
            #expect(pipeline["weightedValue"] as? Double == 1100)
        }
    }

    /// Baskets: U1 {A, B, C}, U2 {A, B}, U3 {A, D}, U4 {B, C, E}, U5 {D, E}. For U2, with n(A) = n(B) = 3
    /// and n(C) = n(D) = n(E) = 2: C = co(A,C)/√6 + co(B,C)/√6 = (1 + 2)/√6 = 1.224745;
    /// D = (1 + 0)/√6 = 0.408248; E = (0 + 1)/√6 = 0.408248 (ties by product key).
    @Test func recommendationsByItemCooccurrence() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let fixtures = AnalyticsFixtures(server: server)
            var users: [String] = []
            for (number, basket) in [["A", "B", "C"], ["A", "B"], ["A", "D"], ["B", "C", "E"], ["D", "E"]].enumerated() {
                let id = try fixtures.contact("u\(number + 1)")
                users.append(id)
                try fixtures.purchase(id, daysBeforeAsOf: 10, amount: 100 * basket.count, products: basket)
            }
            let answer = try fixtures.get("/v1/contacts/\(users[1])/recommendations")
            let rows = answer["data"] as? [[String: Any]] ?? []
            #expect(rows.map { $0["product"] as! String } == ["C", "D", "E"])
            #expect(rows.map { $0["score"] as! Double } == [1.224745, 0.408248, 0.408248])
            #expect(rows.map { $0["customers"] as! Int } == [2, 2, 2])
            let none = try fixtures.get("/v1/contacts/\(try fixtures.contact("nobody"))/recommendations")
            #expect((none["data"] as? [Any])?.isEmpty == true)
            #expect(try server.request("GET", "/v1/contacts/ct_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X/recommendations").status == 404)
        }
    }

    /// Contacts by stage and new in 30 days; revenue in the last 30 days (1000, 5 days ago) against
    /// the 30 before (500, 40 days ago): change +100 %.
    @Test func dashboardCountsContactsAndRevenue() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let fixtures = AnalyticsFixtures(server: server)
            let buyer = try fixtures.contact("dash", stage: "customer")
            _ = try fixtures.contact("dash.lead", stage: "lead")
            let now = Date()
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            try fixtures.purchase(buyer, at: formatter.string(from: now.addingTimeInterval(-5 * 86_400)), amount: 1000)
            try fixtures.purchase(buyer, at: formatter.string(from: now.addingTimeInterval(-40 * 86_400)), amount: 500)
            let dashboard = try fixtures.get("/v1/analytics/dashboard")
            let contacts = dashboard["contacts"] as? [String: Any] ?? [:]
            #expect(contacts["total"] as? Int == 2)
            #expect(contacts["newLast30Days"] as? Int == 2)
            #expect((contacts["byLifecycleStage"] as? [String: Int])?["customer"] == 1)
            #expect((contacts["byLifecycleStage"] as? [String: Int])?["lead"] == 1)
            let revenue = dashboard["revenue"] as? [String: Any] ?? [:]
            #expect(revenue["last30Days"] as? Int == 1000)
            #expect(revenue["previous30Days"] as? Int == 500)
            #expect(revenue["change"] as? Double == 1)
        }
    }
}

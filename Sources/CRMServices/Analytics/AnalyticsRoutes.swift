import CRMHTTP
import CRMModel
import CRMRouter

/// The HTTP side of analytics: parse the parameters each endpoint takes, call `AnalyticsService`.
public enum AnalyticsRoutes {
    public static func register(on router: inout Router, service: AnalyticsService) {
        route(&router, "dashboard", ["asOf"]) { service.dashboard($0) }
        router.add(HTTPMethod.get, "/v1/analytics/rfm", area: .analytics) { _, context in
            let parameters = try AnalyticsParameters(context.query, accepting: ["asOf", "currency", "segment", "limit", "cursor"])
            var segment: RFMScore.Segment?
            if let text = context.query["segment"] {
                guard let value = RFMScore.Segment(rawValue: text) else {
                    throw Problem.badRequest("segment must be one of \(RFMScore.Segment.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                segment = value
            }
            return json(service.rfm(parameters, segment: segment))
        }
        route(&router, "churn", ["asOf", "currency", "limit", "cursor"]) { service.churn($0) }
        route(&router, "ltv", ["asOf", "currency", "lifespanYears", "limit", "cursor"]) { service.lifetimeValue($0) }
        route(&router, "cohorts", ["asOf", "since", "until", "interval"], intervals: [.week, .month]) { service.cohorts($0) }
        route(&router, "funnel", []) { _ in service.funnel() }
        route(&router, "revenue", ["asOf", "since", "until", "interval", "currency"]) { service.revenue($0) }
        route(&router, "forecast", ["asOf", "since", "interval", "horizon", "currency"], intervals: [.week, .month]) { service.forecast($0) }
        route(&router, "sales", ["asOf", "since", "until", "currency"]) { service.sales($0) }
        route(&router, "campaigns", ["asOf", "since", "until"]) { service.campaignReport($0) }
        route(&router, "tickets", ["asOf", "since", "until", "groupBy"], groups: TicketAnalysis.groupings) { service.ticketReport($0) }
        router.add(HTTPMethod.get, "/v1/contacts/{id}/recommendations", area: .analytics) { _, context in
            let parameters = try AnalyticsParameters(context.query, accepting: ["limit"])
            let limit = context.query["limit"] == nil ? 10 : parameters.limit
            return json(try service.recommendations(context.parameter("id"), limit: limit))
        }
    }

    private static func route(_ router: inout Router, _ name: String, _ accepted: Set<String>,
                              intervals: [AnalyticsInterval] = AnalyticsInterval.allCases, groups: [String] = [],
                              answer: @escaping @Sendable (AnalyticsParameters) -> [UInt8]) {
        router.add(HTTPMethod.get, "/v1/analytics/\(name)", area: .analytics) { _, context in
            json(answer(try AnalyticsParameters(context.query, accepting: accepted, intervals: intervals, groups: groups)))
        }
    }

    static func json(_ bytes: [UInt8]) -> Response {
        Response(status: .ok, contentType: "application/json", bytes: bytes)
    }
}

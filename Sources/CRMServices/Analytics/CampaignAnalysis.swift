import CRMModel

/// `GET /v1/analytics/campaigns`: every campaign's counts and rates side by side (the same figures
/// and definitions as `GET /v1/campaigns/{id}/stats`), oldest campaign first; `since`/`until` keep
/// campaigns launched in that window (drafts and scheduled ones have no launch and are left out
/// when either is given).
enum CampaignAnalysis {
    static func report(_ campaigns: CampaignsState, _ parameters: AnalyticsParameters) -> [UInt8] {
        let since = parameters.since?.millisecondsSinceEpoch
        let until = parameters.until?.millisecondsSinceEpoch
        let all = campaigns.allStats().filter { stats in
            guard since != nil || until != nil else { return true }
            guard let launched = stats.launchedAt?.millisecondsSinceEpoch else { return false }
            return launched >= (since ?? Int64.min) && launched <= (until ?? Int64.max)
        }
        var writer = JSONWriter(reservingCapacity: 512 + 1024 * all.count)
        writer.beginObject()
        writer.field("asOf", parameters.asOf)
        writer.field("data", all) { writer, stats in stats.write(to: &writer, asOf: parameters.asOf) }
        writer.endObject()
        return writer.bytes
    }
}

/// The dashboard's campaigns: how many are running, and conversions (with their value) reported in
/// the 30 days up to `asOf`.
struct CampaignsDashboardSection: DashboardSection {
    let campaigns: CampaignsState
    var name: String { "campaigns" }

    func write(to writer: inout JSONWriter, asOf: Timestamp) {
        let conversions = campaigns.conversions(since: asOf - .seconds(30 * 86_400))
        writer.beginObject()
        writer.field("running", campaigns.runningCount)
        writer.field("conversionsLast30Days", conversions.count)
        writer.field("conversionValueLast30Days", conversions.revenue)
        writer.endObject()
    }
}

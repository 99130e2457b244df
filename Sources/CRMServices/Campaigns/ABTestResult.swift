import CRMModel

/// The A/B result of a campaign: the best variant on conversion rate (over delivered messages),
/// the runner-up, and the pooled two-proportion z-test between them (two-sided; `TwoProportionTest`),
/// `significant` when p < 0.05. Only variants with delivered messages take part; ties go to the
/// variant with more delivered messages, then to the earlier one. Without two such variants there
/// is no test: `z`, `pValue` are null and `note` says why.
public struct ABTestResult: Sendable {
    public var best: (key: String, rate: Double)?
    public var runnerUp: (key: String, rate: Double)?
    public var test: TwoProportionTest?
    public var note: String?

    init(_ variants: [(key: String, counts: CampaignStats.Counts)]) {
        let ranked = variants.enumerated().filter { $0.element.counts.delivered > 0 }.sorted { left, right in
            let leftRate = left.element.counts.conversionRate ?? 0, rightRate = right.element.counts.conversionRate ?? 0
            if leftRate != rightRate { return leftRate > rightRate }
            if left.element.counts.delivered != right.element.counts.delivered { return left.element.counts.delivered > right.element.counts.delivered }
            return left.offset < right.offset
        }.map(\.element)
        best = ranked.first.map { ($0.key, $0.counts.conversionRate ?? 0) }
        runnerUp = ranked.dropFirst().first.map { ($0.key, $0.counts.conversionRate ?? 0) }
        if ranked.count >= 2 {
            let first = ranked[0].counts, second = ranked[1].counts
            test = TwoProportionTest(successes1: first.conversions, trials1: first.delivered, successes2: second.conversions, trials2: second.delivered)
        } else if variants.count < 2 {
            note = "the campaign has one variant: nothing to compare"
        } else {
            note = "fewer than two variants have delivered messages yet"
        }
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("best", best?.key)
        writer.field("bestConversionRate", best?.rate)
        writer.field("runnerUp", runnerUp?.key)
        writer.field("runnerUpConversionRate", runnerUp?.rate)
        writer.field("z", test?.z)
        writer.field("pValue", test?.pValue)
        writer.field("significant", test?.isSignificant() ?? false)
        writer.field("note", note)
        writer.endObject()
    }
}

extension CampaignStats {
    func write(to writer: inout JSONWriter, asOf: Timestamp) {
        writer.beginObject()
        writer.field("campaignId", campaignId)
        writer.field("name", name)
        writer.field("status", status.rawValue)
        writer.field("launchedAt", launchedAt)
        writer.key("overall")
        Self.write(overall, key: nil, to: &writer)
        writer.field("variants", variants) { writer, variant in Self.write(variant.counts, key: variant.key, to: &writer) }
        writer.key("abTest")
        abTest.write(to: &writer)
        writer.field("asOf", asOf)
        writer.endObject()
    }

    private static func write(_ counts: Counts, key: String?, to writer: inout JSONWriter) {
        writer.beginObject()
        if let key { writer.field("key", key) }
        writer.field("recipients", counts.recipients)
        writer.field("delivered", counts.delivered)
        writer.field("uniqueOpens", counts.uniqueOpens)
        writer.field("uniqueClicks", counts.uniqueClicks)
        writer.field("conversions", counts.conversions)
        writer.field("bounces", counts.bounces)
        writer.field("unsubscribes", counts.unsubscribes)
        writer.field("revenue", counts.revenue)
        writer.objectField("rates") { writer in
            writer.field("open", counts.openRate)
            writer.field("click", counts.clickRate)
            writer.field("conversion", counts.conversionRate)
            writer.field("unsubscribe", counts.unsubscribeRate)
            writer.field("bounce", counts.bounceRate)
        }
        writer.field("ratesNote", counts.delivered > 0 ? nil : "no message is delivered yet, so the rates over delivered messages are undefined")
        writer.endObject()
    }
}

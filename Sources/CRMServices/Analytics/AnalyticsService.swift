import CRMModel
import CRMRouter

/// Every analytics answer (SPEC §3 "Analytics"), computed from the services' in-memory state at the
/// moment of the request (so never stale), read-only. Each endpoint's definitions live in its own
/// file; this type gathers the inputs and holds the read locks only while numbers are worked out.
public final class AnalyticsService: Sendable {
    let contacts: ContactsState
    let deals: DealsState
    let tickets: TicketsState
    let campaigns: CampaignsState
    let sections: [any DashboardSection]

    public init(contacts: ContactsState, deals: DealsState, tickets: TicketsState, campaigns: CampaignsState) {
        self.contacts = contacts
        self.deals = deals
        self.tickets = tickets
        self.campaigns = campaigns
        self.sections = [TicketsDashboardSection(tickets: tickets), CampaignsDashboardSection(campaigns: campaigns)]
    }

    func campaignReport(_ parameters: AnalyticsParameters) -> [UInt8] {
        CampaignAnalysis.report(campaigns, parameters)
    }

    func ticketReport(_ parameters: AnalyticsParameters) -> [UInt8] {
        TicketAnalysis.report(tickets, parameters)
    }

    func dashboard(_ parameters: AnalyticsParameters) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 2048)
        writer.beginObject()
        writer.field("asOf", parameters.asOf)
        contacts.read { tables in
            Dashboard.contacts(tables, asOf: parameters.asOf, into: &writer)
            Dashboard.revenue(tables, asOf: parameters.asOf, into: &writer)
        }
        Dashboard.pipeline(deals, into: &writer)
        for section in sections {
            writer.key(section.name)
            section.write(to: &writer, asOf: parameters.asOf)
        }
        writer.endObject()
        return writer.bytes
    }

    func rfm(_ parameters: AnalyticsParameters, segment: RFMScore.Segment?) -> [UInt8] {
        contacts.read { CustomerAnalytics($0, parameters) }.rfm(segment: segment)
    }

    func churn(_ parameters: AnalyticsParameters) -> [UInt8] {
        contacts.read { CustomerAnalytics($0, parameters) }.churn()
    }

    func lifetimeValue(_ parameters: AnalyticsParameters) -> [UInt8] {
        contacts.read { CustomerAnalytics($0, parameters) }.lifetimeValue()
    }

    func cohorts(_ parameters: AnalyticsParameters) -> [UInt8] {
        contacts.read { CohortAnalysis.matrix($0, parameters) }
    }

    func funnel() -> [UInt8] {
        contacts.read { FunnelAnalysis.funnel($0) }
    }

    func revenue(_ parameters: AnalyticsParameters) -> [UInt8] {
        contacts.read { RevenueAnalysis($0, parameters) }.revenue()
    }

    func sales(_ parameters: AnalyticsParameters) -> [UInt8] {
        let totals = deals.stageTotals(currency: parameters.currency)
        let snapshot = deals.snapshot()
        return SalesAnalysis(deals: snapshot.deals, pipeline: snapshot.pipeline, currency: totals.currency)
            .sales(parameters, stages: totals.byStage)
    }

    /// Holt's forecast of the revenue series and the open pipeline weighted by expected close month.
    func forecast(_ parameters: AnalyticsParameters) -> [UInt8] {
        let revenue = contacts.read { RevenueAnalysis($0, parameters) }
        let history = revenue.history()
        let predicted = HoltForecast.forecast(history.map { Double($0.revenue) }, horizon: parameters.horizon)
        let interval = parameters.interval
        let next = (history.last?.period ?? interval.period(ofMillis: parameters.asOf.millisecondsSinceEpoch) - 1) + 1
        let snapshot = deals.snapshot()
        let sales = SalesAnalysis(deals: snapshot.deals, pipeline: snapshot.pipeline, currency: revenue.currency ?? deals.mainCurrency)
        let weighted = sales.weightedByCloseMonth()
        var writer = JSONWriter(reservingCapacity: 2048)
        writer.beginObject()
        writer.field("interval", interval.rawValue)
        writer.field("currency", revenue.currency)
        writer.field("alpha", HoltForecast.alpha)
        writer.field("beta", HoltForecast.beta)
        writer.field("history", history) { writer, point in
            writer.beginObject()
            writer.field("period", interval.label(of: point.period))
            writer.field("revenue", point.revenue)
            writer.endObject()
        }
        writer.field("forecast", Array(predicted.enumerated())) { writer, item in
            writer.beginObject()
            writer.field("period", interval.label(of: next + Int64(item.offset)))
            writer.field("revenue", JSONWriter.rounded(item.element))
            writer.endObject()
        }
        writer.objectField("pipeline") { writer in
            writer.field("months", weighted.months) { writer, month in
                writer.beginObject()
                writer.field("month", AnalyticsInterval.month.label(of: month.month))
                writer.field("deals", month.deals)
                writer.field("weightedValue", JSONWriter.rounded(month.weighted))
                writer.endObject()
            }
            writer.field("undatedWeightedValue", JSONWriter.rounded(weighted.undated))
        }
        writer.endObject()
        return writer.bytes
    }

    /// 404 when the contact does not exist.
    func recommendations(_ idText: String, limit: Int) throws -> [UInt8] {
        guard let id = ContactID(idText) else { throw Problem.notFound("No contact with id '\(idText)'.") }
        let suggestions: [Recommendations.Suggestion]? = contacts.read { tables in
            !tables.byId.contains(id) ? nil : Recommendations.suggestions(for: id, in: tables, cache: contacts.coOccurrence, limit: limit)
        }
        guard let suggestions else { throw Problem.notFound("No contact with id '\(idText)'.") }
        var writer = JSONWriter(reservingCapacity: 128 + 96 * suggestions.count)
        writer.beginObject()
        writer.field("contactId", id)
        writer.field("data", suggestions) { writer, suggestion in
            writer.beginObject()
            writer.field("product", suggestion.product)
            writer.field("score", suggestion.score)
            writer.field("customers", suggestion.customers)
            writer.endObject()
        }
        writer.endObject()
        return writer.bytes
    }
}

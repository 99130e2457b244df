import CRMModel

/// Support metrics (SPEC §3): over tickets created between `since` and `until`, overall and per
/// group (`groupBy` assignee — "unassigned" for none —, channel or priority): how many, the backlog
/// (not solved or closed), median and p90 of first-response minutes (created → first public agent
/// comment) and resolution minutes (created → solved), SLA compliance (% without a breach flag),
/// CSAT average and % of ratings that are 4 or 5. The median of an even count is the mean of the two
/// middle values; p90 is the nearest rank ⌈0.9·n⌉. Empty figures are null.
struct TicketAnalysis {
    struct Figures {
        var tickets = 0
        var backlog = 0
        var firstResponse: [Double] = []
        var resolution: [Double] = []
        var compliant = 0
        var scores: [Int] = []

        mutating func add(_ ticket: Ticket) {
            tickets += 1
            if ticket.fields.status.isUnresolved { backlog += 1 }
            if let first = ticket.firstResponseAt { firstResponse.append(minutes(from: ticket.createdAt, to: first)) }
            if let solved = ticket.solvedAt { resolution.append(minutes(from: ticket.createdAt, to: solved)) }
            if !ticket.sla.isBreached { compliant += 1 }
            if let score = ticket.satisfaction?.score { scores.append(score) }
        }

        private func minutes(from start: Timestamp, to end: Timestamp) -> Double {
            Double(end.millisecondsSinceEpoch - start.millisecondsSinceEpoch) / 60_000
        }

        func write(to writer: inout JSONWriter) {
            writer.field("tickets", tickets)
            writer.field("backlog", backlog)
            writer.objectField("firstResponseMinutes") { Self.spread(firstResponse, &$0) }
            writer.objectField("resolutionMinutes") { Self.spread(resolution, &$0) }
            writer.rate("slaCompliancePercent", Double(compliant) * 100, over: Double(tickets))
            writer.rate("csatAverage", Double(scores.reduce(0, +)), over: Double(scores.count))
            writer.rate("csatSatisfiedPercent", Double(scores.filter { $0 >= 4 }.count) * 100, over: Double(scores.count))
            writer.field("ratings", scores.count)
        }

        static func spread(_ values: [Double], _ writer: inout JSONWriter) {
            writer.field("median", CustomerAnalytics.median(values).map(JSONWriter.rounded))
            writer.field("p90", percentile90(values).map(JSONWriter.rounded))
        }

        static func percentile90(_ values: [Double]) -> Double? {
            guard !values.isEmpty else { return nil }
            let sorted = values.sorted()
            let rank = Int((0.9 * Double(sorted.count)).rounded(.up))
            return sorted[max(1, rank) - 1]
        }
    }

    static let groupings = ["assignee", "channel", "priority"]

    static func report(_ tickets: TicketsState, _ parameters: AnalyticsParameters) -> [UInt8] {
        let since = parameters.since?.millisecondsSinceEpoch ?? Int64.min
        let until = min(parameters.until?.millisecondsSinceEpoch ?? Int64.max, parameters.asOf.millisecondsSinceEpoch)
        var overall = Figures()
        var groups: [String: Figures] = [:]
        tickets.forEachTicket { ticket in
            let created = ticket.createdAt.millisecondsSinceEpoch
            guard created >= since, created <= until else { return }
            overall.add(ticket)
            switch parameters.groupBy {
            case "assignee"?: groups[ticket.fields.assigneeId?.description ?? "unassigned", default: Figures()].add(ticket)
            case "channel"?: groups[ticket.fields.channel.rawValue, default: Figures()].add(ticket)
            case "priority"?: groups[ticket.fields.priority.rawValue, default: Figures()].add(ticket)
            default: break
            }
        }
        var writer = JSONWriter(reservingCapacity: 1024 + 256 * groups.count)
        writer.beginObject()
        writer.field("groupBy", parameters.groupBy)
        writer.objectField("overall") { overall.write(to: &$0) }
        writer.field("groups", groups.keys.sorted()) { writer, key in
            writer.beginObject()
            writer.field("key", key)
            groups[key]!.write(to: &writer)
            writer.endObject()
        }
        writer.endObject()
        return writer.bytes
    }
}

/// The dashboard's tickets: unresolved ones, all by status and by priority, and the unresolved ones
/// whose SLA is breached.
struct TicketsDashboardSection: DashboardSection {
    let tickets: TicketsState
    var name: String { "tickets" }

    func write(to writer: inout JSONWriter, asOf: Timestamp) {
        let summary = tickets.summary
        writer.beginObject()
        writer.field("open", summary.unresolved)
        writer.objectField("byStatus") { writer in
            for status in TicketStatus.allCases { writer.key(status.rawValue); writer.int(summary.byStatus[status] ?? 0) }
        }
        writer.objectField("byPriority") { writer in
            for priority in TicketPriority.allCases { writer.key(priority.rawValue); writer.int(summary.byPriority[priority] ?? 0) }
        }
        writer.field("slaBreachedOpen", summary.unresolvedBreached)
        writer.endObject()
    }
}

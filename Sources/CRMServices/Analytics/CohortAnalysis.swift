import CRMModel

/// The retention matrix (SPEC §3): customers grouped by the period of their first purchase; for
/// each later period (offset 0 = the first one, up to the period of `asOf`), how many of the cohort
/// bought in it, and that as a share of the cohort. `since`/`until` pick cohorts by first purchase.
enum CohortAnalysis {
    static func matrix(_ tables: borrowing ContactTables, _ parameters: AnalyticsParameters) -> [UInt8] {
        let interval = parameters.interval
        let asOf = parameters.asOf.millisecondsSinceEpoch
        let lastPeriod = interval.period(ofMillis: asOf)
        // Arrays indexed by cohort, changed in place (a dictionary of arrays would copy one per customer).
        var positions: [Int64: Int] = [:]
        var sizes: [Int] = []
        var actives: [[Int]] = []
        for (id, purchases) in tables.purchases.byCustomer where tables.byId.contains(id) {
            guard let first = purchases.first, first.at <= asOf else { continue }
            if let since = parameters.since, first.at < since.millisecondsSinceEpoch { continue }
            if let until = parameters.until, first.at > until.millisecondsSinceEpoch { continue }
            let cohort = interval.period(ofMillis: first.at)
            let position: Int
            if let known = positions[cohort] { position = known } else {
                position = sizes.count
                positions[cohort] = position
                sizes.append(0)
                actives.append(Array(repeating: 0, count: Int(lastPeriod - cohort) + 1))
            }
            sizes[position] += 1
            var previous: Int64 = -1
            var periodEnd: Int64 = Int64.min
            var offset: Int64 = 0
            for purchase in purchases {
                guard purchase.at <= asOf else { break }
                if purchase.at >= periodEnd {
                    // Only a purchase past the current period's end needs the calendar.
                    offset = interval.period(ofMillis: purchase.at) - cohort
                    periodEnd = interval.firstDay(of: cohort + offset + 1) * 86_400_000
                }
                if offset != previous { actives[position][Int(offset)] += 1 }
                previous = offset
            }
        }
        let cohorts = Dictionary(uniqueKeysWithValues: positions.map { ($0.key, (size: sizes[$0.value], active: actives[$0.value])) })
        var writer = JSONWriter(reservingCapacity: 256 + 64 * cohorts.count * cohorts.count)
        writer.beginObject()
        writer.field("interval", interval.rawValue)
        writer.field("asOf", parameters.asOf)
        writer.field("cohorts", cohorts.keys.sorted()) { writer, cohort in
            let entry = cohorts[cohort]!
            writer.beginObject()
            writer.field("cohort", interval.label(of: cohort))
            writer.field("customers", entry.size)
            writer.field("active", entry.active.map(Int64.init)) { writer, count in writer.int(count) }
            writer.field("retention", entry.active) { writer, count in writer.double(JSONWriter.rounded(Double(count) / Double(entry.size))) }
            writer.endObject()
        }
        writer.endObject()
        return writer.bytes
    }
}

/// The lifecycle funnel (SPEC §3): for each stage from subscriber to evangelist, the contacts that
/// ever reached it — were in it or in a later stage at some time, as the stage history each contact
/// record keeps says — and the conversion from the stage before. `churned` is counted apart.
enum FunnelAnalysis {
    static let stages: [ContactFields.LifecycleStage] = [.subscriber, .lead, .mql, .sql, .opportunity, .customer, .evangelist]

    static func funnel(_ tables: borrowing ContactTables) -> [UInt8] {
        var reached = Array(repeating: 0, count: stages.count)
        var churned = 0
        let bits = stages.map { Contact.bit($0) }
        let churnedBit = Contact.bit(.churned)
        tables.byId.forEachValue { contact in
            let mask = contact.allStagesReached
            if mask & churnedBit != 0 { churned += 1 }
            guard let furthest = bits.lastIndex(where: { mask & $0 != 0 }) else { return }
            for position in 0...furthest { reached[position] += 1 }
        }
        var writer = JSONWriter(reservingCapacity: 1024)
        writer.beginObject()
        writer.field("contacts", tables.byId.count)
        writer.field("stages", Array(stages.enumerated())) { writer, item in
            writer.beginObject()
            writer.field("stage", item.element.rawValue)
            writer.field("contacts", reached[item.offset])
            if item.offset == 0 { writer.field("conversionFromPrevious", nil as Double?) } else {
                writer.rate("conversionFromPrevious", Double(reached[item.offset]), over: Double(reached[item.offset - 1]))
            }
            writer.endObject()
        }
        writer.field("churned", churned)
        writer.endObject()
        return writer.bytes
    }
}

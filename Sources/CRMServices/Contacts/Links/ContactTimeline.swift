import CRMModel
import CRMRouter

/// `GET /v1/contacts/{id}/timeline`: the contact's interactions and every linked service's entries
/// (tickets, comments, deals, stage changes, campaign events) in one list, newest first by
/// (`at`, id). A page is the `limit` entries strictly below the cursor's (at, id), so a walk neither
/// repeats nor skips an entry while others are added.
struct TimelineQuery {
    var limit = 50
    var before: (at: Int64, id: String)?
    /// Wanted kinds; empty means all.
    var kinds: Set<String> = []
    /// Wanted interaction types (other kinds are unaffected); empty means all.
    var interactionTypes: Set<InteractionFields.Kind> = []
    var since: Timestamp?
    var until: Timestamp?

    static let filters: Set<String> = ["kind", "type", "since", "until"]
    static let knownKinds: Set<String> = ["interaction", "ticket", "ticket_comment", "deal", "deal_stage", "campaign_event"]
    private static let cursorTag = "at|"

    init(_ query: QueryParameters) throws(Problem) {
        let paging = try PageParameters(query, others: Self.filters)
        limit = paging.limit
        if let position = paging.cursor {
            guard position.sortKey.hasPrefix(Self.cursorTag), let millis = Int64(position.sortKey.dropFirst(Self.cursorTag.count)) else {
                throw PageParameters.invalidCursor
            }
            before = (millis, position.id)
        }
        if let text = query["kind"] {
            for name in text.split(separator: ",", omittingEmptySubsequences: false) {
                guard Self.knownKinds.contains(String(name)) else {
                    throw Problem.badRequest("kind '\(name)' is not one of \(Self.knownKinds.sorted().joined(separator: ", ")).")
                }
                kinds.insert(String(name))
            }
        }
        interactionTypes = try query.values("type", of: InteractionFields.Kind.self)
        since = try query.timestamp("since")
        until = try query.timestamp("until")
    }

    func wants(kind: String) -> Bool { kinds.isEmpty || kinds.contains(kind) }

    /// The page of `entries` (any order) this query asks for.
    func page(_ entries: [TimelineEntry]) -> Page<TimelineEntry> {
        let floor = since?.millisecondsSinceEpoch ?? Int64.min
        let ceiling = until?.millisecondsSinceEpoch ?? Int64.max
        var wanted = entries.filter { entry in
            let at = entry.at.millisecondsSinceEpoch
            guard at >= floor, at <= ceiling, wants(kind: entry.kind) else { return false }
            guard let before else { return true }
            return at < before.at || (at == before.at && entry.id < before.id)
        }
        wanted.sort { ($0.at, $0.id) > ($1.at, $1.id) }
        guard wanted.count > limit else { return Page(data: wanted, nextCursor: nil) }
        let last = wanted[limit - 1]
        return Page(data: Array(wanted[..<limit]),
                    nextCursor: Cursor.encode(sortKey: Self.cursorTag + String(last.at.millisecondsSinceEpoch), id: last.id))
    }
}

extension ContactsService {
    /// The contact's timeline page; 404 when the contact does not exist.
    func timeline(_ idText: String, query: TimelineQuery) throws -> Page<TimelineEntry> {
        guard let id = ContactID(idText), state.contains(id) else { throw Problem.notFound("No contact with id '\(idText)'.") }
        var entries: [TimelineEntry] = []
        if query.wants(kind: "interaction") {
            // Interactions are read in full only for the page shown: their bodies are filled in below.
            for (key, kind) in state.interactionKeys(of: id) where query.interactionTypes.isEmpty || query.interactionTypes.contains(kind) {
                entries.append(TimelineEntry(kind: "interaction", at: Timestamp(millisecondsSinceEpoch: key.occurredAt),
                                             id: key.id.description) { _ in })
            }
        }
        for link in links { entries.append(contentsOf: link.timelineEntries(of: id).filter { query.wants(kind: $0.kind) }) }
        var page = query.page(entries)
        let refs = page.data.compactMap { $0.kind == "interaction" ? InteractionID($0.id).map { InteractionRef(id: $0, contactId: id) } : nil }
        var read: [String: Interaction] = [:]
        for interaction in try interactionReader.interactions(refs) { read[interaction.id.description] = interaction }
        page.data = page.data.compactMap { entry in
            guard entry.kind == "interaction" else { return entry }
            guard let interaction = read[entry.id] else { return nil }
            var filled = entry
            filled.body = { writer in interaction.write(to: &writer) }
            return filled
        }
        return page
    }
}

extension JSONWriter {
    /// `{"kind", "at", "<kind>": {...}}`.
    mutating func timelineEntry(_ entry: TimelineEntry) {
        beginObject()
        field("kind", entry.kind)
        field("at", entry.at)
        key(entry.kind)
        entry.body(&self)
        endObject()
    }
}

import CRMModel
import CRMRouter

/// The query of `GET /v1/deals`, parsed strictly: an unknown parameter or a bad value is 400.
/// `stage` is a comma list; `expectedCloseBefore`/`After` are inclusive dates; `open=true` keeps
/// deals in open stages, `open=false` won and lost ones.
struct DealListQuery {
    enum SortField: String, CaseIterable {
        case createdAt, updatedAt, amount, expectedCloseDate
    }

    var limit = 50
    var cursor: CursorPosition?
    var sort = SortField.createdAt
    var isDescending = false
    var stages: Set<String> = []
    var ownerId: String?
    var contactId: ContactID?
    var expectedCloseBefore: CalendarDate?
    var expectedCloseAfter: CalendarDate?
    var isOpen: Bool?

    static let filters: Set<String> = ["sort", "stage", "ownerId", "contactId", "expectedCloseBefore", "expectedCloseAfter", "open"]

    init(_ query: QueryParameters) throws(Problem) {
        let paging = try PageParameters(query, others: Self.filters)
        limit = paging.limit
        let sorting = try SortParameter(query, default: SortField.createdAt)
        sort = sorting.field
        isDescending = sorting.isDescending
        cursor = try sorting.check(paging.cursor)
        if let cursor, DealID(cursor.id) == nil {
            throw Problem.badRequest("cursor is not valid for this listing (it must come from nextCursor with the same sort).")
        }
        if let text = query["stage"] { stages = Set(text.split(separator: ",").map(String.init)) }
        ownerId = query["ownerId"]
        if let text = query["contactId"] {
            guard let id = ContactID(text) else { throw Problem.badRequest("contactId must be a contact id (ct_…).") }
            contactId = id
        }
        expectedCloseBefore = try Self.date(query, "expectedCloseBefore")
        expectedCloseAfter = try Self.date(query, "expectedCloseAfter")
        if let text = query["open"] {
            guard text == "true" || text == "false" else { throw Problem.badRequest("open must be true or false.") }
            isOpen = text == "true"
        }
    }

    private static func date(_ query: QueryParameters, _ name: String) throws(Problem) -> CalendarDate? {
        guard let text = query[name] else { return nil }
        guard let date = CalendarDate(text) else { throw Problem.badRequest("\(name) must be a date such as 2026-11-22.") }
        return date
    }

    /// Identifies the sort inside a cursor, so a cursor cannot be reused under another sort.
    var sortTag: String { (isDescending ? "-" : "+") + sort.rawValue + "|" }

    /// Fixed-width text so that text order is value order; deals without an expected close date
    /// sort after every dated one.
    /// `tag` is `sortTag`, made once by the caller (a list makes one key per deal).
    func sortKey(_ deal: Deal, tag: String) -> String {
        switch sort {
        case .createdAt: return tag
        case .updatedAt: return tag + SortKeyText.padded(deal.updatedAt.millisecondsSinceEpoch, width: 19)
        case .amount: return tag + SortKeyText.padded(deal.fields.amount.amount, width: 19)
        case .expectedCloseDate: return tag + (deal.fields.expectedCloseDate?.description ?? "~")
        }
    }

    func matches(_ deal: Deal, pipeline: Pipeline) -> Bool {
        if !stages.isEmpty, !stages.contains(deal.stage) { return false }
        if let ownerId, deal.fields.ownerId != ownerId { return false }
        if let contactId, deal.fields.contactId != contactId { return false }
        if let expectedCloseBefore {
            guard let date = deal.fields.expectedCloseDate, date <= expectedCloseBefore else { return false }
        }
        if let expectedCloseAfter {
            guard let date = deal.fields.expectedCloseDate, date >= expectedCloseAfter else { return false }
        }
        if let isOpen, (pipeline.outcome(of: deal.stage) == .open) != isOpen { return false }
        return true
    }
}

extension DealsState {
    /// The `limit` deals strictly after the cursor in (sort key, id) order: a walk neither repeats
    /// nor skips a deal that stays unchanged while others are added or removed.
    func page(_ query: DealListQuery) -> Page<Deal> {
        read { tables in
            if query.sort == .createdAt && query.contactId == nil { return Self.pageInCreationOrder(query, tables) }
            // Keys and ids only: copying every deal (with its stage history) to sort them was most of
            // a first page over 100,000 deals (185 ms).
            typealias Item = (key: String, id: DealID)
            var matched: [Item] = []
            let tag = query.sortTag
            func consider(_ deal: Deal) {
                if query.matches(deal, pipeline: tables.pipeline) { matched.append((query.sortKey(deal, tag: tag), deal.id)) }
            }
            if let contact = query.contactId {
                for id in tables.byContact[contact] ?? [] { if let deal = tables.byId[id] { consider(deal) } }
            } else {
                for deal in tables.byId.values { consider(deal) }
            }
            // The page is the `limit` first items after the cursor in walk order (and whether one
            // more follows): kept in a small sorted array in one pass instead of sorting them all.
            let ascending = { (left: Item, right: Item) -> Bool in left.key == right.key ? left.id < right.id : left.key < right.key }
            let walksBefore = { (left: Item, right: Item) -> Bool in query.isDescending ? ascending(right, left) : ascending(left, right) }
            // Ids compare as their texts do (same prefix, then ULIDs in base32 order).
            let cursor = query.cursor.flatMap { cursor in DealID(cursor.id).map { (key: cursor.sortKey, id: $0) } }   // checked in init
            var best: [Item] = []
            best.reserveCapacity(query.limit + 1)
            for item in matched {
                if let cursor, !walksBefore(cursor, item) { continue }
                if best.count > query.limit {
                    guard walksBefore(item, best[best.count - 1]) else { continue }
                    best.removeLast()
                }
                let position = best.firstIndex { walksBefore(item, $0) } ?? best.count
                best.insert(item, at: position)
            }
            let shown = best.prefix(query.limit)
            let next = best.count > query.limit ? shown.last.map { Cursor.encode(sortKey: $0.key, id: $0.id.description) } : nil
            return Page(data: shown.compactMap { tables.byId[$0.id] }, nextCursor: next)
        }
    }

    /// Creation order is id order: walk the ids from the cursor in the query's direction and stop at
    /// limit + 1 matches (a first page over 100,000 deals took 27 ms ranking them all).
    private static func pageInCreationOrder(_ query: DealListQuery, _ tables: DealTables) -> Page<Deal> {
        var found: [Deal] = []
        let after = query.cursor.flatMap { DealID($0.id) }
        tables.creationOrder.forEach(after: after, descending: query.isDescending) { id in
            if let deal = tables.byId[id], query.matches(deal, pipeline: tables.pipeline) { found.append(deal) }
            return found.count <= query.limit
        }
        let shown = found.prefix(query.limit)
        let next = found.count > query.limit ? shown.last.map { Cursor.encode(sortKey: query.sortTag, id: $0.id.description) } : nil
        return Page(data: Array(shown), nextCursor: next)
    }
}

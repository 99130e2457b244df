import CRMModel
import CRMRouter

/// `limit` and `cursor` of a paged listing, parsed strictly (400 for a parameter that is neither
/// these nor one of the listing's `others`, or a bad value). The cursor is decoded; its meaning is
/// the listing's.
struct PageParameters {
    var limit: Int
    var cursor: CursorPosition?

    /// The 400 for a cursor that decodes but does not fit the listing it was sent to.
    static let invalidCursor = Problem.badRequest("cursor is not valid for this listing (it must come from nextCursor).")

    init(_ query: QueryParameters, others: Set<String> = [], defaultLimit: Int = 50) throws(Problem) {
        for name in query.names where name != "limit" && name != "cursor" && !others.contains(name) {
            let accepted = (others.union(["cursor", "limit"])).sorted().joined(separator: ", ")
            throw Problem.badRequest("Unknown query parameter '\(name)'; accepted: \(accepted).")
        }
        limit = try Self.limit(in: query) ?? defaultLimit
        cursor = try Self.cursor(in: query)
    }

    /// `limit` (1–500) when the query has one, for parsers that read other parameters too.
    static func limit(in query: QueryParameters) throws(Problem) -> Int? {
        guard let text = query["limit"] else { return nil }
        guard let value = Int(text), (1...500).contains(value) else { throw Problem.badRequest("limit must be an integer from 1 to 500.") }
        return value
    }

    /// The decoded `cursor` when the query has one.
    static func cursor(in query: QueryParameters) throws(Problem) -> CursorPosition? {
        guard let text = query["cursor"] else { return nil }
        guard let position = Cursor.decode(text) else { throw invalidCursor }
        return position
    }

    /// The cursor's entity id, for listings in id order (nil without a cursor).
    func cursorId<Kind>(as type: PrefixedID<Kind>.Type) throws(Problem) -> PrefixedID<Kind>? {
        guard let cursor else { return nil }
        guard let id = PrefixedID<Kind>(cursor.id) else { throw Self.invalidCursor }
        return id
    }
}

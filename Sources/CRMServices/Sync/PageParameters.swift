import CRMModel
import CRMRouter

/// `limit` and `cursor` of a paged listing, parsed strictly (400 for a parameter that is neither
/// these nor one of the listing's `others`, or a bad value). The cursor is decoded; its meaning is
/// the listing's.
struct PageParameters {
    var limit: Int
    var cursor: CursorPosition?

    init(_ query: QueryParameters, others: Set<String> = [], defaultLimit: Int = 50) throws(Problem) {
        for name in query.names where name != "limit" && name != "cursor" && !others.contains(name) {
            let accepted = (others.union(["cursor", "limit"])).sorted().joined(separator: ", ")
            throw Problem.badRequest("Unknown query parameter '\(name)'; accepted: \(accepted).")
        }
        limit = defaultLimit
        if let text = query["limit"] {
            guard let value = Int(text), (1...500).contains(value) else { throw Problem.badRequest("limit must be an integer from 1 to 500.") }
            limit = value
        }
        if let text = query["cursor"] {
            guard let position = Cursor.decode(text) else {
                throw Problem.badRequest("cursor is not valid for this listing (it must come from nextCursor).")
            }
            cursor = position
        }
    }
}

import CRMModel
import CRMRouter

/// `sort=field` or `sort=-field` of a listing, parsed strictly (400 naming the fields a listing
/// sorts by), and the tag a cursor carries so that it cannot be reused under another sort.
struct SortParameter<Field: RawRepresentable & CaseIterable> where Field.RawValue == String {
    var field: Field
    var isDescending: Bool

    /// The query's sort, or `field` ascending when it names none.
    init(_ query: QueryParameters, default field: Field) throws(Problem) {
        guard let text = query["sort"] else {
            self.field = field
            isDescending = false
            return
        }
        isDescending = text.hasPrefix("-")
        guard let named = Field(rawValue: String(text.dropFirst(isDescending ? 1 : 0))) else {
            throw Problem.badRequest("sort must be one of \(Field.allCases.map(\.rawValue).joined(separator: ", ")), optionally with a leading '-'.")
        }
        self.field = named
    }

    /// `+createdAt|` or `-amount|`: the start of every sort key a cursor of this sort holds.
    var cursorTag: String { (isDescending ? "-" : "+") + field.rawValue + "|" }

    /// The cursor, when it was issued under this sort; 400 otherwise.
    func check(_ cursor: CursorPosition?) throws(Problem) -> CursorPosition? {
        guard let cursor else { return nil }
        guard cursor.sortKey.hasPrefix(cursorTag) else {
            throw Problem.badRequest("cursor is not valid for this listing (it must come from nextCursor with the same sort).")
        }
        return cursor
    }
}

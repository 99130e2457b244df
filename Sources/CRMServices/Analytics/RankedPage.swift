import CRMModel

/// A page of items ranked by a number, highest first, ties by id ascending: the `limit` items
/// strictly after the cursor's (value, id), so a walk neither repeats nor skips an item.
enum RankedPage {
    static func page<Item>(_ items: [Item], value: (Item) -> Double, id: (Item) -> String, limit: Int,
                           cursor: CursorPosition?) -> (items: ArraySlice<Item>, nextCursor: String?) {
        var ranked = items.map { (value: value($0), id: id($0), item: $0) }
        ranked.sort { $0.value == $1.value ? $0.id < $1.id : $0.value > $1.value }
        var start = 0
        if let cursor, let after = Double(cursor.sortKey) {
            start = ranked.firstIndex { $0.value < after || ($0.value == after && $0.id > cursor.id) } ?? ranked.count
        }
        let end = min(ranked.count, start + limit)
        let next = end < ranked.count && end > start ? Cursor.encode(sortKey: "\(ranked[end - 1].value)", id: ranked[end - 1].id) : nil
        return (ranked[start..<end].map(\.item)[...], next)
    }
}

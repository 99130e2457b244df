import CRMModel

/// A page of customers ranked by a number, highest first, ties by contact id ascending: the `limit`
/// items strictly after the cursor's (value, id), so a walk neither repeats nor skips an item.
enum RankedPage {
    static func page<Item>(_ items: [Item], value: (Item) -> Double, id: (Item) -> ContactID, limit: Int,
                           cursor: CursorPosition?) -> (items: [Item], nextCursor: String?) {
        var ranked = items.map { (value: value($0), id: id($0), item: $0) }
        if let cursor, let after = Double(cursor.sortKey), let afterId = ContactID(cursor.id) {
            ranked.removeAll { !($0.value < after || ($0.value == after && $0.id > afterId)) }
        }
        let isFirst: (_ left: (value: Double, id: ContactID, item: Item), _ right: (value: Double, id: ContactID, item: Item)) -> Bool = {
            $0.value == $1.value ? $0.id < $1.id : $0.value > $1.value
        }
        // Only the page (and one more, to know whether another follows) needs ordering.
        var shown: [(value: Double, id: ContactID, item: Item)] = []
        if ranked.count <= 4 * (limit + 1) {
            shown = Array(ranked.sorted(by: isFirst).prefix(limit + 1))
        } else {
            for entry in ranked where shown.count <= limit || isFirst(entry, shown[shown.count - 1]) {
                let position = shown.firstIndex { isFirst(entry, $0) } ?? shown.count
                shown.insert(entry, at: position)
                if shown.count > limit + 1 { shown.removeLast() }
            }
        }
        let page = Array(shown.prefix(limit))
        let next = shown.count > limit ? page.last.map { Cursor.encode(sortKey: "\($0.value)", id: $0.id.description) } : nil
        return (page.map(\.item), next)
    }
}

/// Entities in one order — (createdAt, id) or (commit sequence, id) — for stable cursor paging and
/// sync. Both orders only grow, so this is an array kept sorted by appending (a binary-search
/// insert for the rare key that lands earlier); removals are marked and skipped, and the array is
/// rebuilt once they are half of it.
public struct OrderedIndex<Element: Comparable & Hashable & Sendable>: Sendable {
    @usableFromInline var items: [Element] = []
    @usableFromInline var removed: Set<Element> = []

    @inlinable public init() {}

    @inlinable public var count: Int { items.count - removed.count }

    @inlinable public mutating func insert(_ element: Element) {
        if removed.remove(element) != nil { return }
        if let last = items.last, element < last {
            items.insert(element, at: firstPosition(notBelow: element))
        } else {
            items.append(element)
        }
    }

    @inlinable public mutating func remove(_ element: Element) {
        let position = firstPosition(notBelow: element)
        guard position < items.count, items[position] == element else { return }
        removed.insert(element)
        if removed.count > 64 && removed.count * 2 > items.count {
            items.removeAll { removed.contains($0) }
            removed.removeAll()
        }
    }

    /// Whether `element` is in the index (binary search).
    @inlinable public func contains(_ element: Element) -> Bool {
        let position = firstPosition(notBelow: element)
        return position < items.count && items[position] == element && !removed.contains(element)
    }

    /// Calls `visit` with the elements strictly after `cursor` (before it when descending), in order,
    /// skipping removed ones, until `visit` returns false.
    @inlinable public func forEach(after cursor: Element? = nil, descending: Bool = false, _ visit: (Element) -> Bool) {
        if descending {
            let end = cursor.map { firstPosition(notBelow: $0) } ?? items.count
            for element in items[..<end].reversed() where removed.isEmpty || !removed.contains(element) {
                if !visit(element) { return }
            }
        } else {
            var start = cursor.map { firstPosition(notBelow: $0) } ?? 0
            if let cursor, start < items.count, items[start] == cursor { start += 1 }
            for element in items[start...] where removed.isEmpty || !removed.contains(element) {
                if !visit(element) { return }
            }
        }
    }

    /// Up to `limit` elements after `cursor`, as `forEach` visits them.
    @inlinable public func elements(after cursor: Element? = nil, descending: Bool = false, limit: Int = .max) -> [Element] {
        if removed.isEmpty && cursor == nil && !descending && limit >= items.count {
            return items   // nothing to skip: the array itself (no per-element hashing)
        }
        var result: [Element] = []
        forEach(after: cursor, descending: descending) { element in
            result.append(element)
            return result.count < limit
        }
        return result
    }

    /// The first position whose element is ≥ `element` (binary search).
    @inlinable func firstPosition(notBelow element: Element) -> Int { items.lowerBound(of: element) }
}

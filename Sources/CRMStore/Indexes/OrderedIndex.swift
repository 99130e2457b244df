/// Entities in one order — (createdAt, id) or (commit sequence, id) — for stable cursor paging and
/// sync. Kept in `SortedChunks`: appending in order is the common case, and an element that lands
/// earlier (a tag or stage given to an old contact, a second seed's contacts) moves one chunk, not
/// everything after it (in one array, re-staging 100,000 old contacts of a million moved gigabytes).
public struct OrderedIndex<Element: Comparable & Hashable & Sendable>: Sendable {
    @usableFromInline var items = SortedChunks<Element>()

    @inlinable public init() {}

    @inlinable public var count: Int { items.count }

    /// Adds `element` unless the index holds it.
    @inlinable public mutating func insert(_ element: Element) {
        if let last = items.last, element <= last, element == last || items.contains(element) { return }
        items.insert(element)
    }

    @inlinable public mutating func remove(_ element: Element) {
        items.remove(element)
    }

    /// Whether `element` is in the index (binary search).
    @inlinable public func contains(_ element: Element) -> Bool {
        items.contains(element)
    }

    /// Calls `visit` with the elements strictly after `cursor` (before it when descending), in order,
    /// until `visit` returns false.
    @inlinable public func forEach(after cursor: Element? = nil, descending: Bool = false, _ visit: (Element) -> Bool) {
        if descending {
            items.forEachDescending(below: cursor, visit)
        } else {
            items.forEach(after: cursor, visit)
        }
    }

    /// Up to `limit` elements after `cursor`, as `forEach` visits them.
    @inlinable public func elements(after cursor: Element? = nil, descending: Bool = false, limit: Int = .max) -> [Element] {
        if cursor == nil && !descending && limit >= items.count { return items.elements }
        var result: [Element] = []
        forEach(after: cursor, descending: descending) { element in
            result.append(element)
            return result.count < limit
        }
        return result
    }
}

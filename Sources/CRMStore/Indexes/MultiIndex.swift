/// A key → ids index where an entity has any number of keys (tags) or one (status, stage,
/// assignee, contactId).
public struct MultiIndex<Key: Hashable & Sendable, ID: Hashable & Sendable>: Sendable {
    @usableFromInline var map: [Key: Set<ID>] = [:]

    @inlinable public init() {}

    @inlinable public func ids(for key: Key) -> Set<ID> { map[key] ?? [] }

    @inlinable public func count(for key: Key) -> Int { map[key]?.count ?? 0 }

    /// Every key with at least one id.
    @inlinable public var keys: Dictionary<Key, Set<ID>>.Keys { map.keys }

    /// Replaces `id`'s keys `old` with `new`.
    @inlinable public mutating func update(_ id: ID, old: some Sequence<Key>, new: some Sequence<Key>) {
        for key in old {
            map[key]?.remove(id)
            if map[key]?.isEmpty == true { map[key] = nil }
        }
        for key in new { map[key, default: []].insert(id) }
    }
}

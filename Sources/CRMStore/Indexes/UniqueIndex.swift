/// A unique key → id index (case-folded email, externalId, ticket number). The owner normalises
/// keys before they get here; checks run on the store's writer before the append, so two commits
/// can never both take one key.
public struct UniqueIndex<Key: Hashable & Sendable, ID: Hashable & Sendable>: Sendable {
    @usableFromInline var map: [Key: ID] = [:]

    @inlinable public init() {}

    @inlinable public func id(for key: Key) -> ID? { map[key] }

    /// The id already holding `key`, unless it is `id` itself.
    @inlinable public func conflict(_ key: Key, excluding id: ID?) -> ID? {
        guard let holder = map[key], holder != id else { return nil }
        return holder
    }

    /// Moves `id` from `old` to `new` (either may be nil).
    @inlinable public mutating func update(_ id: ID, old: Key?, new: Key?) {
        if let old, old != new, map[old] == id { map[old] = nil }
        if let new { map[new] = id }
    }

    @inlinable public var count: Int { map.count }
}

/// A key → value map for keys that arrive (almost always) in increasing order — ids made from the
/// clock, like ULIDs: keys and values in two sorted arrays searched by binary search, removals
/// marked and swept out once they are a quarter of the entries. A `Dictionary` keeps up to twice
/// the buckets it needs (measured: 5M interaction summaries, 40 bytes each, held 335 MB in a
/// dictionary; here 200 MB plus a byte each for the removal mark).
///
/// A key that arrives out of order (a second `crm seed` into the same directory makes ids for past
/// times) waits in a small dictionary, `late`, merged into the arrays once it holds an eighth of
/// them: inserting each into the arrays moved their whole tail, and replaying a second seed of
/// 150,000 interactions took 15 s instead of 1.
public struct SortedIDMap<Key: Hashable & Comparable & Sendable, Value: Sendable>: Sendable {
    @usableFromInline var keys: [Key] = []
    @usableFromInline var values: [Value] = []
    @usableFromInline var removed: [Bool] = []
    @usableFromInline var removedCount = 0
    /// Keys that arrived below the last one and are not in `keys`.
    @usableFromInline var late: [Key: Value] = [:]

    @inlinable public init() {}

    @inlinable public var count: Int { keys.count - removedCount + late.count }

    @inlinable public subscript(key: Key) -> Value? {
        guard let position = position(of: key) else { return late.isEmpty ? nil : late[key] }
        return values[position]
    }

    /// Stores `value` under `key`; answers the value it replaced (nil when the key was absent).
    @discardableResult @inlinable
    public mutating func updateValue(_ value: Value, forKey key: Key) -> Value? {
        if keys.isEmpty || keys[keys.count - 1] < key {
            // After a sweep dropped the last keys, a late key can lie above the new last one.
            let old = late.isEmpty ? nil : late.removeValue(forKey: key)
            keys.append(key)
            values.append(value)
            removed.append(false)
            return old
        }
        let spot = keys.lowerBound(of: key)
        if spot < keys.count, keys[spot] == key {
            if removed[spot] {
                removed[spot] = false
                removedCount -= 1
                values[spot] = value
                return nil
            }
            let old = values[spot]
            values[spot] = value
            return old
        }
        let old = late.updateValue(value, forKey: key)
        if late.count > 1_024 && late.count * 8 > keys.count { sweep() }
        return old
    }

    @discardableResult @inlinable
    public mutating func removeValue(forKey key: Key) -> Value? {
        guard let spot = position(of: key) else { return late.isEmpty ? nil : late.removeValue(forKey: key) }
        removed[spot] = true
        removedCount += 1
        let value = values[spot]   // before a sweep moves it
        if removedCount > 1_024 && removedCount * 4 > keys.count { sweep() }
        return value
    }

    @inlinable func position(of key: Key) -> Int? {
        let spot = keys.lowerBound(of: key)
        guard spot < keys.count, keys[spot] == key, !removed[spot] else { return nil }
        return spot
    }

    /// Rebuilds the arrays without the removed entries and with the late ones merged in.
    @usableFromInline mutating func sweep() {
        let arrived = late.sorted { $0.key < $1.key }
        late = [:]
        var keptKeys: [Key] = []
        var keptValues: [Value] = []
        keptKeys.reserveCapacity(keys.count - removedCount + arrived.count)
        keptValues.reserveCapacity(keys.count - removedCount + arrived.count)
        var next = 0
        for index in keys.indices where !removed[index] {
            while next < arrived.count && arrived[next].key < keys[index] {
                keptKeys.append(arrived[next].key)
                keptValues.append(arrived[next].value)
                next += 1
            }
            keptKeys.append(keys[index])
            keptValues.append(values[index])
        }
        for entry in arrived[next...] {
            keptKeys.append(entry.key)
            keptValues.append(entry.value)
        }
        keys = keptKeys
        values = keptValues
        removed = Array(repeating: false, count: keys.count)
        removedCount = 0
    }
}

/// A key → value map for large values (a contact is ~400 bytes inline): the values live in
/// fixed-size chunks and a dictionary maps each key to its slot. A `Dictionary` of such values
/// keeps them in its own buckets, which it sizes up to twice the count (measured: ~870 bytes per
/// contact at 1M); here the spare room is at most one chunk, plus 4 bytes per key.
public struct SlotMap<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    @inlinable static var chunkSize: Int { 4096 }

    @usableFromInline var slots: [Key: Int32] = [:]
    @usableFromInline var chunks: [[Value?]] = []
    @usableFromInline var freeSlots: [Int32] = []
    @usableFromInline var nextSlot: Int32 = 0

    @inlinable public init() {}

    @inlinable public var count: Int { slots.count }

    /// Whether `key` has a value, without copying the value out (a large value costs a retain per
    /// reference it holds).
    @inlinable public func contains(_ key: Key) -> Bool { slots[key] != nil }

    @inlinable public subscript(key: Key) -> Value? {
        get {
            guard let slot = slots[key] else { return nil }
            return chunks[Int(slot) / Self.chunkSize][Int(slot) % Self.chunkSize]
        }
        set {
            guard let newValue else {
                _ = removeValue(forKey: key)
                return
            }
            if let slot = slots[key] {
                chunks[Int(slot) / Self.chunkSize][Int(slot) % Self.chunkSize] = newValue
                return
            }
            let slot = freeSlots.popLast() ?? allocate()
            slots[key] = slot
            chunks[Int(slot) / Self.chunkSize][Int(slot) % Self.chunkSize] = newValue
        }
    }

    @discardableResult @inlinable
    public mutating func removeValue(forKey key: Key) -> Value? {
        guard let slot = slots.removeValue(forKey: key) else { return nil }
        let chunk = Int(slot) / Self.chunkSize
        let value = chunks[chunk][Int(slot) % Self.chunkSize]
        chunks[chunk][Int(slot) % Self.chunkSize] = nil
        freeSlots.append(slot)
        return value
    }

    /// Changes the value of `key` in place (a large value is not copied); false when there is none.
    @discardableResult @inlinable
    public mutating func modifyValue(forKey key: Key, _ body: (inout Value) -> Void) -> Bool {
        guard let slot = slots[key] else { return false }
        body(&chunks[Int(slot) / Self.chunkSize][Int(slot) % Self.chunkSize]!)
        return true
    }

    /// Calls `body` with every value, chunk by chunk (in no particular order): a scan without a
    /// dictionary lookup per value.
    @inlinable public func forEachValue(_ body: (Value) -> Void) {
        for chunk in chunks {
            for case let value? in chunk { body(value) }
        }
    }

    /// Every key (in no particular order).
    @inlinable public var keys: Dictionary<Key, Int32>.Keys { slots.keys }

    @inlinable mutating func allocate() -> Int32 {
        if Int(nextSlot) == chunks.count * Self.chunkSize {
            var chunk: [Value?] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunk.append(contentsOf: repeatElement(nil, count: Self.chunkSize))
            chunks.append(chunk)
        }
        defer { nextSlot += 1 }
        return nextSlot
    }
}

/// Elements in increasing order, held as a list of sorted chunks instead of one array, so an
/// element that lands far from the end moves the rest of its chunk (at most `2 × chunkSize`) and
/// not everything after it. One sorted array paid a memmove of the whole tail for each such
/// element: backfilling interactions into a timeline of five million (24 bytes each) moved ~60 MB
/// per interaction, and replaying a second seed in the same directory took minutes.
///
/// Appending in order (the common case: times and ids from the clock) fills the last chunk and
/// starts a new one when it is full. Finding an element is two binary searches: over the chunks'
/// last elements, then within one chunk.
public struct SortedChunks<Element: Comparable & Sendable>: Sendable {
    @usableFromInline var chunks: [[Element]] = []
    @usableFromInline var storedCount = 0
    @usableFromInline let chunkSize: Int

    /// `chunkSize` is the size an appended chunk grows to; a chunk split in two once inserting
    /// makes it twice that. Small sizes are for tests.
    @inlinable public init(chunkSize: Int = 1_024) {
        precondition(chunkSize >= 1)
        self.chunkSize = chunkSize
    }

    @inlinable public var count: Int { storedCount }
    @inlinable public var isEmpty: Bool { storedCount == 0 }
    @inlinable public var first: Element? { chunks.first?.first }
    @inlinable public var last: Element? { chunks.last?.last }

    /// Every element in order: one chunk's array as it is, or one array of exactly the right size
    /// (growing it chunk by chunk mapped and unmapped fresh memory on every list request).
    @inlinable public var elements: [Element] {
        if chunks.count == 1 { return chunks[0] }
        var all: [Element] = []
        all.reserveCapacity(storedCount)
        for chunk in chunks { all.append(contentsOf: chunk) }
        return all
    }

    /// Inserts `element` after any equal ones.
    @inlinable public mutating func insert(_ element: Element) {
        storedCount += 1
        // No local copy of the last chunk: holding one would make the append below copy it.
        guard let lastElement = chunks.last?.last else {
            chunks = [[element]]
            return
        }
        if element >= lastElement {
            if chunks[chunks.count - 1].count >= chunkSize {
                chunks.append([element])
            } else {
                chunks[chunks.count - 1].append(element)
            }
            return
        }
        let index = chunkIndex(firstWithLastAbove: element)
        let position = chunks[index].upperBound(of: element)
        chunks[index].insert(element, at: position)
        if chunks[index].count >= 2 * chunkSize {
            let upper = Array(chunks[index][chunkSize...])
            chunks[index].removeSubrange(chunkSize...)
            chunks.insert(upper, at: index + 1)
        }
    }

    /// Removes one element equal to `element`; false when there is none.
    @discardableResult @inlinable
    public mutating func remove(_ element: Element) -> Bool {
        let index = chunkIndex(firstWithLastNotBelow: element)
        guard index < chunks.count else { return false }
        let position = chunks[index].lowerBound(of: element)
        guard position < chunks[index].count, chunks[index][position] == element else { return false }
        chunks[index].remove(at: position)
        if chunks[index].isEmpty { chunks.remove(at: index) }
        storedCount -= 1
        return true
    }

    @inlinable public func contains(_ element: Element) -> Bool {
        let index = chunkIndex(firstWithLastNotBelow: element)
        return index < chunks.count && chunks[index].sortedContains(element)
    }

    /// Removes every element `shouldRemove` picks, keeping the order.
    @inlinable public mutating func removeAll(where shouldRemove: (Element) -> Bool) {
        for index in chunks.indices { chunks[index].removeAll(where: shouldRemove) }
        chunks.removeAll { $0.isEmpty }
        storedCount = chunks.reduce(0) { $0 + $1.count }
    }

    /// Calls `visit` with the elements greater than `cursor` (all of them when nil) in increasing
    /// order until it returns false.
    @inlinable public func forEach(after cursor: Element? = nil, _ visit: (Element) -> Bool) {
        guard !chunks.isEmpty else { return }
        var index = 0
        var position = 0
        if let cursor {
            index = chunkIndex(firstWithLastAbove: cursor)
            guard index < chunks.count else { return }
            position = chunks[index].upperBound(of: cursor)
        }
        while index < chunks.count {
            let chunk = chunks[index]
            while position < chunk.count {
                if !visit(chunk[position]) { return }
                position += 1
            }
            index += 1
            position = 0
        }
    }

    /// Calls `visit` with the elements smaller than `bound` (all of them when nil) in decreasing
    /// order until it returns false.
    @inlinable public func forEachDescending(below bound: Element? = nil, _ visit: (Element) -> Bool) {
        guard !chunks.isEmpty else { return }
        var index = chunks.count - 1
        var end = chunks[index].count
        if let bound {
            let found = chunkIndex(firstWithLastNotBelow: bound)
            if found < chunks.count {
                index = found
                end = chunks[index].lowerBound(of: bound)
            }
        }
        while index >= 0 {
            let chunk = chunks[index]
            var position = min(end, chunk.count) - 1
            while position >= 0 {
                if !visit(chunk[position]) { return }
                position -= 1
            }
            index -= 1
            if index >= 0 { end = chunks[index].count }
        }
    }

    /// The first chunk whose last element is ≥ `element`; `chunks.count` when there is none.
    @inlinable func chunkIndex(firstWithLastNotBelow element: Element) -> Int {
        firstChunk { $0 >= element }
    }

    /// The first chunk whose last element is > `element`; `chunks.count` when there is none.
    @inlinable func chunkIndex(firstWithLastAbove element: Element) -> Int {
        firstChunk { $0 > element }
    }

    /// The first chunk whose last element `reaches` (false for every chunk before it, true for every
    /// one from it on: the chunks are in order); binary search.
    @inlinable func firstChunk(whereLast reaches: (Element) -> Bool) -> Int {
        var low = 0
        var high = chunks.count
        while low < high {
            let middle = (low + high) / 2
            if reaches(chunks[middle][chunks[middle].count - 1]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

extension Array where Element: Comparable {
    /// The first position whose element is ≥ `element` in this sorted array (binary search);
    /// `count` when every element is smaller.
    @inlinable public func lowerBound(of element: Element) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < element { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The first position whose element is > `element` in this sorted array (binary search);
    /// `count` when none is.
    @inlinable public func upperBound(of element: Element) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle] <= element { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Whether this sorted array holds `element` (binary search).
    @inlinable public func sortedContains(_ element: Element) -> Bool {
        let position = lowerBound(of: element)
        return position < count && self[position] == element
    }

    /// Inserts `element` in order unless this sorted array holds it; true when it was inserted.
    @discardableResult @inlinable
    public mutating func insertSorted(_ element: Element) -> Bool {
        let position = lowerBound(of: element)
        guard position == count || self[position] != element else { return false }
        insert(element, at: position)
        return true
    }

    /// Calls `visit` with the elements of this sorted array greater than `cursor` (all of them when
    /// nil), smallest first, until it returns false.
    @inlinable public func forEachAscending(after cursor: Element? = nil, _ visit: (Element) -> Bool) {
        var position = cursor.map { upperBound(of: $0) } ?? 0
        while position < count {
            if !visit(self[position]) { return }
            position += 1
        }
    }

    /// Calls `visit` with the elements of this sorted array smaller than `bound` (all of them when
    /// nil), largest first, until it returns false.
    @inlinable public func forEachDescending(below bound: Element? = nil, _ visit: (Element) -> Bool) {
        var position = bound.map { lowerBound(of: $0) } ?? count
        while position > 0 {
            position -= 1
            if !visit(self[position]) { return }
        }
    }
}

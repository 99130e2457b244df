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
}

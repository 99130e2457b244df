/// One page of a list answer: `{"data": [...], "nextCursor": "..." | null}`. `nextCursor` is
/// nil on the last page.
public struct Page<Element> {
    public var data: [Element]
    public var nextCursor: String?

    public init(data: [Element], nextCursor: String?) {
        self.data = data
        self.nextCursor = nextCursor
    }

    /// The same page with each element transformed (a stored record into its public view).
    public func map<Other>(_ transform: (Element) throws -> Other) rethrows -> Page<Other> {
        Page<Other>(data: try data.map(transform), nextCursor: nextCursor)
    }
}

extension Page: Sendable where Element: Sendable {}
extension Page: Equatable where Element: Equatable {}

extension JSONWriter {
    /// Writes `{"data": [...], "nextCursor": ...}`, each element by `writeElement`.
    public mutating func page<Element>(_ page: Page<Element>, each writeElement: (inout JSONWriter, Element) -> Void) {
        beginObject()
        field("data", page.data, each: writeElement)
        field("nextCursor", page.nextCursor)
        endObject()
    }
}

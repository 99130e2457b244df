/// The header fields of a message, in arrival order, duplicates kept.
///
/// A dictionary would silently drop a second `Content-Length` — the start of request smuggling —
/// so fields are an ordered list; lookups compare names case-insensitively (ASCII).
public struct HTTPFields: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    private var fields: [Field] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { Field(name: $0.0, value: $0.1) }
    }

    public var count: Int { fields.count }
    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// The first value of the named field, if present.
    public subscript(name: String) -> String? {
        fields.first { $0.name.equalsIgnoringASCIICase(name) }?.value
    }

    /// Every value of the named field, in order (no allocation when there is none).
    public func values(of name: String) -> [String] {
        var values: [String] = []
        for field in fields where field.name.equalsIgnoringASCIICase(name) { values.append(field.value) }
        return values
    }

    /// How many fields have that name.
    public func count(of name: String) -> Int {
        var count = 0
        for field in fields where field.name.equalsIgnoringASCIICase(name) { count += 1 }
        return count
    }

    public func contains(_ name: String) -> Bool {
        fields.contains { $0.name.equalsIgnoringASCIICase(name) }
    }

    /// Adds a field, keeping any earlier ones of the same name.
    public mutating func append(_ name: String, _ value: String) {
        reserveForFirstField()
        fields.append(Field(name: name, value: value))
    }

    /// Replaces every field of that name by one.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        reserveForFirstField()
        fields.append(Field(name: name, value: value))
    }

    /// Room for a few fields at once: a response gains its content type, then `X-Request-Id` and
    /// often more, and growing one by one reallocated the list for each.
    private mutating func reserveForFirstField() {
        if fields.capacity == 0 { fields.reserveCapacity(4) }
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { $0.name.equalsIgnoringASCIICase(name) }
    }

    /// Whether a comma-separated field (like `Connection`) holds `token`, case-insensitively.
    /// Asked of every request and response, so it walks the values without allocating.
    public func hasToken(_ token: String, in name: String) -> Bool {
        for field in fields where field.name.equalsIgnoringASCIICase(name) {
            var rest = Substring(field.value)
            while !rest.isEmpty {
                let comma = rest.firstIndex(of: ",") ?? rest.endIndex
                if rest[..<comma].trimmingASCIISpaces().equalsIgnoringASCIICase(token) { return true }
                rest = comma == rest.endIndex ? rest[comma...] : rest[rest.index(after: comma)...]
            }
        }
        return false
    }
}

extension StringProtocol {
    /// ASCII case-insensitive equality without allocating.
    public func equalsIgnoringASCIICase<Other: StringProtocol>(_ other: Other) -> Bool {
        // Most comparisons (a header name against each field) differ in length: O(1) for native strings.
        guard utf8.count == other.utf8.count else { return false }
        var left = utf8.makeIterator()
        var right = other.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return true
            case let (a?, b?):
                if a == b { continue }
                if (a | 0x20) != (b | 0x20) { return false }
                let lower = a | 0x20
                if lower < UInt8(ascii: "a") || lower > UInt8(ascii: "z") { return false }
            default: return false
            }
        }
    }

    /// The text without leading and trailing spaces and tabs.
    public func trimmingASCIISpaces() -> Substring {
        let text = Substring(self)
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isSpace($0) }),
              let last = text.lastIndex(where: { !isSpace($0) }) else { return text[text.endIndex...] }
        return text[first...last]
    }
}

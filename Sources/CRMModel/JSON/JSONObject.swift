/// A JSON object: members in the order they were written, each key at most once, with lookup
/// by key that stays cheap for large objects (a key → position table is kept once an object
/// outgrows a short linear scan).
///
/// Equality ignores member order, as RFC 8259 objects are unordered.
public struct JSONObject: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// One key and its value.
    public typealias Element = (key: String, value: JSONValue)

    /// Objects up to this size are searched linearly; bigger ones keep `positions`. Keys are
    /// mostly small strings, compared as raw bits; a stored contact (~25 keys) stays below this
    /// (a key table per contact was ~12% of replay time).
    static let linearSearchLimit = 32

    private var members: [Member] = []
    private var positions: [String: Int]?

    private struct Member: Sendable {
        var key: String
        var value: JSONValue
    }

    public init() {}

    /// An object from key–value pairs; a repeated key keeps its first position and last value.
    public init(_ pairs: some Sequence<(String, JSONValue)>) {
        for (key, value) in pairs { self[key] = value }
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(literal: elements)
    }

    /// An object from a literal in code, where a repeated key is a programming error.
    init(literal elements: [(String, JSONValue)]) {
        for (key, value) in elements {
            let isNew = insertNew(key, value)
            precondition(isNew, "duplicate key \"\(key)\" in a JSON object literal")
        }
    }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }

    /// The keys in order.
    public var keys: [String] { members.map(\.key) }

    /// The value for `key`, or nil when absent. Setting nil removes the member; setting a value
    /// replaces it in place or appends it.
    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { members[$0].value } }
        set {
            if let position = position(of: key) {
                if let newValue { members[position].value = newValue } else { _ = remove(at: position) }
            } else if let newValue {
                append(key, newValue)
            }
        }
    }

    public func contains(key: String) -> Bool {
        position(of: key) != nil
    }

    /// Adds a member whose key is not present yet; false (and no change) when it is.
    @discardableResult
    public mutating func insertNew(_ key: String, _ value: JSONValue) -> Bool {
        guard position(of: key) == nil else { return false }
        append(key, value)
        return true
    }

    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let position = position(of: key) else { return nil }
        return remove(at: position).value
    }

    /// Appends a member the caller has already checked is absent (the parser does, to name the
    /// duplicate key's position in its error).
    mutating func appendAbsent(_ key: String, _ value: JSONValue) {
        assert(position(of: key) == nil, "appendAbsent with a present key")
        append(key, value)
    }

    /// Where `key` sits in member order.
    func position(of key: String) -> Int? {
        if let positions { return positions[key] }
        return members.firstIndex { $0.key == key }
    }

    /// The member at a position from `position(of:)` or iteration order.
    func member(at position: Int) -> Element {
        (members[position].key, members[position].value)
    }

    private mutating func append(_ key: String, _ value: JSONValue) {
        members.append(Member(key: key, value: value))
        if positions != nil {
            positions?[key] = members.count - 1
        } else if members.count > Self.linearSearchLimit {
            rebuildPositions()
        }
    }

    private mutating func remove(at position: Int) -> Member {
        let removed = members.remove(at: position)
        guard positions != nil else { return removed }
        if members.count <= Self.linearSearchLimit {
            positions = nil
        } else {
            positions?[removed.key] = nil
            for moved in position..<members.count { positions?[members[moved].key] = moved }
        }
        return removed
    }

    private mutating func rebuildPositions() {
        var table = [String: Int](minimumCapacity: members.count)
        for (position, member) in members.enumerated() { table[member.key] = position }
        positions = table
    }

    public func makeIterator() -> some IteratorProtocol<Element> {
        members.lazy.map { (key: $0.key, value: $0.value) }.makeIterator()
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.members.allSatisfy { rhs[$0.key] == $0.value }
    }
}

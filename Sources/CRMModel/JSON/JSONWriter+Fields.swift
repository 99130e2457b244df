/// `field(_:_:)`: a key and its value in one call, for the common scalar types. Optionals
/// write `null` when nil; nothing is ever skipped, so every response has the same keys.
extension JSONWriter {
    public mutating func field(_ key: StaticString, _ value: String) {
        self.key(key)
        string(value)
    }

    public mutating func field(_ key: StaticString, _ value: String?) {
        self.key(key)
        if let value { string(value) } else { null() }
    }

    public mutating func field(_ key: StaticString, _ value: Int) {
        self.key(key)
        int(value)
    }

    public mutating func field(_ key: StaticString, _ value: Int?) {
        self.key(key)
        if let value { int(value) } else { null() }
    }

    public mutating func field(_ key: StaticString, _ value: Int64) {
        self.key(key)
        int(value)
    }

    public mutating func field(_ key: StaticString, _ value: Int64?) {
        self.key(key)
        if let value { int(value) } else { null() }
    }

    public mutating func field(_ key: StaticString, _ value: Double) {
        self.key(key)
        double(value)
    }

    public mutating func field(_ key: StaticString, _ value: Double?) {
        self.key(key)
        if let value { double(value) } else { null() }
    }

    public mutating func field(_ key: StaticString, _ value: Bool) {
        self.key(key)
        bool(value)
    }

    public mutating func field(_ key: StaticString, _ value: Bool?) {
        self.key(key)
        if let value { bool(value) } else { null() }
    }

    public mutating func field(_ key: StaticString, _ value: JSONValue) {
        self.key(key)
        self.value(value)
    }

    public mutating func field(_ key: StaticString, _ values: [String]) {
        self.key(key)
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    /// Writes `"key": [ … ]`, each element by `writeElement`.
    public mutating func field<Element>(
        _ key: StaticString, _ elements: some Sequence<Element>, each writeElement: (inout JSONWriter, Element) -> Void
    ) {
        self.key(key)
        beginArray()
        for element in elements { writeElement(&self, element) }
        endArray()
    }

    /// Writes `"key": { … }`, the members by `writeMembers`.
    public mutating func objectField(_ key: StaticString, _ writeMembers: (inout JSONWriter) -> Void) {
        self.key(key)
        beginObject()
        writeMembers(&self)
        endObject()
    }
}

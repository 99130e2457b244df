/// A strict RFC 8259 JSON parser for request bodies and anything else that arrives as bytes.
///
/// It accepts exactly the RFC grammar and nothing more: no comments, trailing commas, single
/// quotes, leading zeros, `NaN`/`Infinity`, byte-order mark, raw control characters in strings,
/// invalid UTF-8 or lone surrogate escapes, and no trailing bytes after the value. It also
/// rejects two things the RFC leaves open: a key repeated within one object, and nesting deeper
/// than `maximumDepth` arrays and objects. Every rejection is a `JSONSyntaxError` naming the line
/// and column.
public struct JSONParser: Sendable {
    /// How many arrays and objects may enclose one another; a top-level `[]` is depth 1.
    /// Parsing recurses once per level, so keep this modest.
    public var maximumDepth: Int

    public init(maximumDepth: Int = 64) {
        self.maximumDepth = maximumDepth
    }

    /// Parses a whole document held in an array (the fast path).
    public func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer in parse(buffer: buffer) }.get()
    }

    /// Parses a whole document from any byte collection; contiguous ones are read in place.
    public func parse(_ bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        if let outcome = bytes.withContiguousStorageIfAvailable({ buffer in parse(buffer: buffer) }) {
            return try outcome.get()
        }
        return try parse(Array(bytes))
    }

    /// Parses a whole document from text.
    public func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        var text = text
        return try text.withUTF8 { buffer in parse(buffer: buffer) }.get()
    }

    private func parse(buffer: UnsafeBufferPointer<UInt8>) -> Swift.Result<JSONValue, JSONSyntaxError> {
        var scanner = JSONScanner(bytes: buffer, maximumDepth: maximumDepth)
        do {
            return .success(try scanner.parseDocument())
        } catch {
            return .failure(error)
        }
    }
}

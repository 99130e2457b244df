/// The recursive-descent core of `JSONParser`: one pass over a byte buffer, building values as
/// it goes. Strings live in `JSONScanner+Strings.swift`, numbers in `JSONNumberGrammar`.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let maximumDepth: Int
    var position = 0
    /// Reused for strings that contain escapes, so they cost one buffer per parse, not per string.
    var scratch: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard position == bytes.count else {
            throw failure("\(unexpected(at: position)) after the JSON value")
        }
        return value
    }

    private mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard position < bytes.count else { throw failure(unexpected(at: position)) }
        switch bytes[position] {
        case UInt8(ascii: "{"): return .object(try parseObject(depth: depth + 1))
        case UInt8(ascii: "["): return .array(try parseArray(depth: depth + 1))
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw failure(unexpected(at: position))
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONObject {
        try checkDepth(depth)
        position += 1  // {
        var object = JSONObject()
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            position += 1
            return object
        }
        while true {
            guard peek == UInt8(ascii: "\"") else { throw failure(unexpected(at: position)) }
            let keyOffset = position
            let key = try parseString()
            if object.contains(key: key) {
                throw failure("duplicate key \"\(key)\" in object", at: keyOffset)
            }
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { throw failure(unexpected(at: position)) }
            position += 1
            skipWhitespace()
            object.appendAbsent(key, try parseValue(depth: depth))
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): position += 1; skipWhitespace()
            case UInt8(ascii: "}"): position += 1; return object
            default: throw failure(unexpected(at: position))
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> [JSONValue] {
        try checkDepth(depth)
        position += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            position += 1
            return elements
        }
        while true {
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): position += 1; skipWhitespace()
            case UInt8(ascii: "]"): position += 1; return elements
            default: throw failure(unexpected(at: position))
            }
        }
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONNumber {
        let start = position
        let scan = JSONNumberGrammar.scan(bytes, from: start)
        if let problem = scan.problem {
            let isMissingDigit = problem.hasPrefix("expected")
            let found = isMissingDigit && scan.end < bytes.count ? ", found \(JSONSyntaxError.describe(bytes[scan.end]))" : ""
            throw failure(problem + found, at: scan.end)
        }
        position = scan.end
        let literal = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        return JSONNumber(validatedLiteral: literal)
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for byte in expected {
            guard peek == byte else { throw failure(unexpected(at: position)) }
            position += 1
        }
    }

    private func checkDepth(_ depth: Int) throws(JSONSyntaxError) {
        guard depth <= maximumDepth else {
            throw failure("nesting deeper than \(maximumDepth) arrays and objects")
        }
    }

    /// The byte at `position`, or 0 at the end (0 never matches anything the grammar looks for).
    var peek: UInt8 {
        position < bytes.count ? bytes[position] : 0
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    /// "unexpected character '}'", "unexpected end of input", ….
    func unexpected(at offset: Int) -> String {
        offset < bytes.count ? "unexpected \(JSONSyntaxError.describe(bytes[offset]))" : "unexpected end of input"
    }

    func failure(_ reason: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(at: offset ?? position, in: bytes, reason: reason)
    }
}

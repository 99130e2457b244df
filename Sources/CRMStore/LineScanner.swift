/// A cursor over one log line for `RecordCodec`: fixed literals, integers, simple strings, and one
/// JSON value skipped as a byte range.
struct LineScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    var isAtEnd: Bool { index == bytes.count }

    mutating func expect(_ literal: StaticString) throws(RecordCodec.Malformed) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw RecordCodec.Malformed(reason: "line ends early") }
        let start = literal.utf8Start
        for offset in 0..<count where bytes[index + offset] != start[offset] {
            throw RecordCodec.Malformed(reason: "unexpected field at byte \(index)")
        }
        index += count
    }

    mutating func unsigned() throws(RecordCodec.Malformed) -> UInt64 {
        var value: UInt64 = 0
        let start = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { throw RecordCodec.Malformed(reason: "number too large") }
            value = shifted + UInt64(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        guard index > start else { throw RecordCodec.Malformed(reason: "number expected at byte \(start)") }
        return value
    }

    mutating func signed() throws(RecordCodec.Malformed) -> Int64 {
        let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        let magnitude = try unsigned()
        guard magnitude <= UInt64(Int64.max) else { throw RecordCodec.Malformed(reason: "number too large") }
        return negative ? -Int64(magnitude) : Int64(magnitude)
    }

    /// A quoted string as written by `RecordCodec` (escapes: \" \\ \u00XX).
    mutating func string() throws(RecordCodec.Malformed) -> String {
        try expect("\"")
        var out: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
            if byte == UInt8(ascii: "\\") {
                guard index < bytes.count else { break }
                let escaped = bytes[index]
                index += 1
                if escaped == UInt8(ascii: "u") {
                    guard index + 4 <= bytes.count, let code = UInt8(String(decoding: bytes[(index + 2)..<(index + 4)], as: UTF8.self), radix: 16) else {
                        throw RecordCodec.Malformed(reason: "bad escape")
                    }
                    out.append(code)
                    index += 4
                } else {
                    out.append(escaped)
                }
            } else {
                out.append(byte)
            }
        }
        throw RecordCodec.Malformed(reason: "unterminated string")
    }

    /// The bytes of one JSON value (object, array, string, number, literal), skipped without decoding.
    mutating func valueBytes() throws(RecordCodec.Malformed) -> [UInt8] {
        Array(bytes[try skipValue()])
    }

    /// Skips one JSON value (string- and bracket-aware, not validating) and returns its range.
    mutating func skipValue() throws(RecordCodec.Malformed) -> Range<Int> {
        let start = index
        var depth = 0
        var inString = false
        while index < bytes.count {
            if inString {
                skipPlainStringBytes()
                guard index < bytes.count else { break }
            }
            let byte = bytes[index]
            index += 1
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 { return start..<index }
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return start..<index }
                if depth < 0 { throw RecordCodec.Malformed(reason: "unbalanced data") }
            case UInt8(ascii: ","):
                if depth == 0 {
                    index -= 1
                    return start..<index
                }
            default:
                break
            }
        }
        guard depth == 0, !inString, index > start else { throw RecordCodec.Malformed(reason: "data ends early") }
        return start..<index
    }

    /// Moves past string bytes eight at a time while none of them is `"` or `\` (the string's end or an
    /// escape): strings are most of a record's bytes, and a byte at a time checked them at about
    /// 1 GB/s, a tenth of `crm seed`'s CPU (perf).
    @inline(__always)
    private mutating func skipPlainStringBytes() {
        guard let base = bytes.baseAddress else { return }
        let raw = UnsafeRawPointer(base)
        while index + 8 <= bytes.count {
            if Self.hasQuoteOrBackslash(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) { return }
            index += 8
        }
    }

    /// Whether any byte of `word` is `"` or `\` (a zero byte after XOR, found with the classic
    /// `(v - 0x01…) & ~v & 0x80…` test, which is exact about whether there is one).
    @inline(__always)
    static func hasQuoteOrBackslash(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslash = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        return (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)) & highs != 0
    }
}

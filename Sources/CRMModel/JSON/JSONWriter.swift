/// Writes compact JSON straight into a byte array: the fast path for encoding every response.
///
/// Calls follow the shape of the document (`beginObject()`, `key(_:)`, a value, …,
/// `endObject()`) and the writer puts the commas in. It does not check that the calls make a
/// well-formed document; tests of each encoder do that by parsing what it wrote.
public struct JSONWriter: Sendable {
    /// The JSON written so far.
    public private(set) var bytes: [UInt8]
    /// Whether the next key or value follows a sibling and so needs a comma first.
    private var needsComma = false

    public init(reservingCapacity capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Writes one value after what `buffer` holds, taking the buffer over (no copy) until
    /// `returnBytes(to:)` gives it back: for callers that gather many documents in one array.
    public init(takingBytesFrom buffer: inout [UInt8]) {
        bytes = []
        swap(&bytes, &buffer)
    }

    /// Gives the bytes back to the buffer they were taken from, with what was written appended.
    public mutating func returnBytes(to buffer: inout [UInt8]) {
        swap(&bytes, &buffer)
    }

    // MARK: Structure

    public mutating func beginObject() {
        beginValue()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func beginArray() {
        beginValue()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes `"name":`; the next call writes its value.
    public mutating func key(_ name: String) {
        beginValue()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes `"name":` from a compile-time constant, the usual case for field names.
    /// The name is copied as it is: field names are plain ASCII and never need escaping (the
    /// byte-by-byte escaping scan was the encoders' busiest part).
    /// `,"name":` is put together on the stack and appended at once (five appends a key, each
    /// checking the array's capacity and uniqueness, were a seventh of the seed's encoding).
    public mutating func key(_ name: StaticString) {
        name.withUTF8Buffer { utf8 in
            assert(!utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }, "key needs escaping")
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: utf8.count + 4) { text in
                var end = 0
                if needsComma {
                    text[0] = UInt8(ascii: ",")
                    end = 1
                }
                text[end] = UInt8(ascii: "\"")
                end += 1
                for byte in utf8 {
                    text[end] = byte
                    end += 1
                }
                text[end] = UInt8(ascii: "\"")
                text[end + 1] = UInt8(ascii: ":")
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[..<(end + 2)]))
            }
        }
        needsComma = false
    }

    // MARK: Values

    public mutating func string(_ value: String) {
        beginValue()
        appendQuoted(value)
        needsComma = true
    }

    public mutating func int(_ value: Int) {
        int(Int64(value))
    }

    public mutating func int(_ value: Int64) {
        beginValue()
        var magnitude = value.magnitude
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        let start = bytes.count
        repeat {
            let (quotient, remainder) = magnitude.quotientAndRemainder(dividingBy: 10)
            bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: remainder))
            magnitude = quotient
        } while magnitude > 0
        // Digits came out last first: swap them in place (reversing a slice copied it, two allocations).
        var low = start
        var high = bytes.count - 1
        while low < high {
            bytes.swapAt(low, high)
            low += 1
            high -= 1
        }
        needsComma = true
    }

    /// The shortest text that reads back as `value` (`0.1`, `1.0`, `1e-07`); NaN and the
    /// infinities, which JSON cannot spell, are written as `null`.
    public mutating func double(_ value: Double) {
        guard value.isFinite else { return null() }
        beginValue()
        bytes.append(contentsOf: value.description.utf8)
        needsComma = true
    }

    public mutating func number(_ value: JSONNumber) {
        beginValue()
        bytes.append(contentsOf: value.literal.utf8)
        needsComma = true
    }

    public mutating func bool(_ value: Bool) {
        beginValue()
        appendRaw(value ? "true" : "false")
        needsComma = true
    }

    public mutating func null() {
        beginValue()
        appendRaw("null")
        needsComma = true
    }

    /// Writes any JSON value, members of objects in their stored order.
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .number(let literal): number(literal)
        case .string(let text): string(text)
        case .array(let elements):
            beginArray()
            for element in elements { self.value(element) }
            endArray()
        case .object(let object):
            beginObject()
            for (name, member) in object {
                key(name)
                self.value(member)
            }
            endObject()
        }
    }

    /// Appends bytes the caller guarantees are one complete JSON value (a pre-encoded fragment).
    /// Writes bytes that already are one JSON value (not generic: callers in other modules would
    /// otherwise go through the unspecialized `Sequence` path, metadata look-ups included).
    public mutating func rawValue(_ json: UnsafeBufferPointer<UInt8>) {
        beginValue()
        bytes.append(contentsOf: json)
        needsComma = true
    }

    public mutating func rawValue(_ json: [UInt8]) {
        beginValue()
        bytes.append(contentsOf: json)
        needsComma = true
    }

    public mutating func rawValue(_ json: some Sequence<UInt8>) {
        beginValue()
        bytes.append(contentsOf: json)
        needsComma = true
    }

    // MARK: Bytes

    /// Writes a string value whose bytes `appendText` appends, trusted to need no escaping
    /// (identifiers, timestamps).
    mutating func appendUnescapedString(_ appendText: (inout [UInt8]) -> Void) {
        beginValue()
        bytes.append(UInt8(ascii: "\""))
        appendText(&bytes)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    private mutating func beginValue() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func appendRaw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func appendQuoted(_ text: String) {
        var text = text
        text.withUTF8 { appendQuoted($0) }
    }

    /// `"` + the text with `"`, `\` and control characters escaped + `"`; other UTF-8 is copied
    /// as it is, in runs.
    private mutating func appendQuoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        for position in utf8.indices {
            let byte = utf8[position]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<position]))
            appendEscape(for: byte)
            runStart = position + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscape(for byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            let hexDigits: StaticString = "0123456789abcdef"
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            bytes.append(hexDigits.utf8Start[Int(byte >> 4)])
            bytes.append(hexDigits.utf8Start[Int(byte & 0xF)])
        }
    }
}

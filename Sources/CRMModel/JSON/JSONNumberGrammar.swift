/// The RFC 8259 number grammar as one byte scan, shared by the parser and `JSONNumber(literal:)`:
/// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
enum JSONNumberGrammar {
    /// Where a number starting at `start` ends, or where and why it breaks the grammar.
    struct Scan {
        var end: Int
        var problem: String?
    }

    /// Scans one number starting at `start`; stops at the first byte that cannot continue it.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Scan {
        var position = start
        let count = bytes.count
        if position < count, bytes[position] == UInt8(ascii: "-") { position += 1 }

        guard position < count, isDigit(bytes[position]) else {
            return Scan(end: position, problem: "expected a digit in number")
        }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < count, isDigit(bytes[position]) {
                return Scan(end: position, problem: "leading zeros are not allowed in numbers")
            }
        } else {
            position = skipDigits(bytes, from: position)
        }

        if position < count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < count, isDigit(bytes[position]) else {
                return Scan(end: position, problem: "expected a digit after the decimal point")
            }
            position = skipDigits(bytes, from: position)
        }

        if position < count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < count, isDigit(bytes[position]) else {
                return Scan(end: position, problem: "expected a digit in the exponent")
            }
            position = skipDigits(bytes, from: position)
        }
        return Scan(end: position, problem: nil)
    }

    /// The end of a valid number spanning from `start`, or nil when the grammar is broken.
    static func end(ofNumberIn bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let scan = scan(bytes, from: start)
        return scan.problem == nil ? scan.end : nil
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    @inline(__always)
    private static func skipDigits(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var position = start
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        return position
    }
}

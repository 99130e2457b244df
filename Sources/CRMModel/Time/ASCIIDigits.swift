/// Fixed-width decimal fields read from and written to raw bytes, for the date and time formats.
enum ASCIIDigits {
    /// The value of `count` decimal digits starting at `start`, or nil if any byte is not a digit
    /// or the field runs past the end.
    static func read(_ utf8: UnsafeBufferPointer<UInt8>, at start: Int, count: Int) -> Int? {
        guard start >= 0, start + count <= utf8.count else { return nil }
        var value = 0
        for position in start..<(start + count) {
            let digit = utf8[position] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    /// Writes `value` as exactly `count` digits (zero-padded) at `start`.
    static func write(_ value: Int, count: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) {
        var remaining = value
        for position in stride(from: start + count - 1, through: start, by: -1) {
            buffer[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: remaining % 10)
            remaining /= 10
        }
    }
}

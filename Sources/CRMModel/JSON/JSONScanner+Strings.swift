/// String scanning for `JSONScanner`: the common case (no escapes) becomes a `String` straight
/// from the input bytes; escapes divert to a reused scratch buffer. UTF-8 is validated by hand,
/// byte by byte, so a bad sequence is reported where it is.
extension JSONScanner {
    /// Reads the string whose opening quote is at `position`, leaving `position` after the closing one.
    mutating func parseString() throws(JSONSyntaxError) -> String {
        let start = position + 1
        position = start
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            } else if byte == UInt8(ascii: "\\") {
                return try parseEscapedString(from: start)
            } else if byte < 0x20 {
                throw failure("\(JSONSyntaxError.describe(byte)) in string (escape it)")
            } else if byte < 0x80 {
                position += 1
            } else {
                try skipUTF8Sequence()
            }
        }
        throw failure("unexpected end of input in string")
    }

    /// Continues a string at its first backslash, copying it into `scratch` as escapes resolve.
    private mutating func parseEscapedString(from start: Int) throws(JSONSyntaxError) -> String {
        scratch.removeAll(keepingCapacity: true)
        var runStart = start  // bytes[runStart..<position] are plain and not yet copied
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                copyRun(from: runStart)
                position += 1
                return String(decoding: scratch, as: UTF8.self)
            } else if byte == UInt8(ascii: "\\") {
                copyRun(from: runStart)
                try appendEscape()
                runStart = position
            } else if byte < 0x20 {
                throw failure("\(JSONSyntaxError.describe(byte)) in string (escape it)")
            } else if byte < 0x80 {
                position += 1
            } else {
                try skipUTF8Sequence()
            }
        }
        throw failure("unexpected end of input in string")
    }

    private mutating func copyRun(from runStart: Int) {
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
    }

    /// Resolves the escape at `position` (a backslash) into `scratch`.
    private mutating func appendEscape() throws(JSONSyntaxError) {
        let escapeStart = position
        position += 1
        guard position < bytes.count else { throw failure("unexpected end of input in string") }
        let letter = bytes[position]
        position += 1
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(letter)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"): try appendUnicodeEscape(startingAt: escapeStart)
        default:
            throw failure("invalid escape \\\(JSONSyntaxError.describe(letter)) in string", at: escapeStart)
        }
    }

    /// `\uXXXX`, or a `\uD8xx\uDCxx` surrogate pair; a surrogate on its own is rejected.
    private mutating func appendUnicodeEscape(startingAt escapeStart: Int) throws(JSONSyntaxError) {
        let unit = try readHexQuad()
        var scalarValue = UInt32(unit)
        switch unit {
        case 0xD800..<0xDC00:
            guard peek == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u")
            else { throw failure("lone surrogate \\u\(hex(unit)) in string", at: escapeStart) }
            position += 2
            let low = try readHexQuad()
            guard (0xDC00..<0xE000).contains(low) else {
                throw failure("lone surrogate \\u\(hex(unit)) in string", at: escapeStart)
            }
            scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
        case 0xDC00..<0xE000:
            throw failure("lone surrogate \\u\(hex(unit)) in string", at: escapeStart)
        default:
            break
        }
        let scalar = Unicode.Scalar(scalarValue)!  // surrogates were excluded above
        scratch.append(contentsOf: UTF8.encode(scalar)!)
    }

    private mutating func readHexQuad() throws(JSONSyntaxError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard position < bytes.count else { throw failure("unexpected end of input in string") }
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("expected a hex digit in \\u escape, found \(JSONSyntaxError.describe(byte))")
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    /// Steps over one well-formed multi-byte UTF-8 sequence at `position` (Unicode Table 3-7:
    /// no overlong forms, no encoded surrogates, nothing above U+10FFFF).
    private mutating func skipUTF8Sequence() throws(JSONSyntaxError) {
        let lead = bytes[position]
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        let length: Int
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw failure("invalid UTF-8 (\(JSONSyntaxError.describe(lead)))")
        }
        for offset in 1..<length {
            let at = position + offset
            guard at < bytes.count else { throw failure("unexpected end of input in UTF-8 sequence", at: at) }
            let allowed = offset == 1 ? secondRange : 0x80...0xBF
            guard allowed.contains(bytes[at]) else {
                throw failure("invalid UTF-8 (\(JSONSyntaxError.describe(bytes[at])))", at: at)
            }
        }
        position += length
    }

    private func hex(_ unit: UInt16) -> String {
        let text = String(unit, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - text.count) + text
    }
}

@testable import CRMStore
import Testing

/// `LineScanner.skipValue`, which reads strings eight bytes at a time, against a byte-at-a-time
/// reference on values with quotes, escapes and non-ASCII text at every offset.
@Suite struct LineScannerTests {
    /// The reference: one byte at a time, as the scanner did before the word-at-a-time strings.
    static func referenceEnd(_ bytes: [UInt8]) -> Int? {
        var depth = 0
        var inString = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 { return index }
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return index }
                if depth < 0 { return nil }
            case UInt8(ascii: ","):
                if depth == 0 { return index - 1 }
            default: break
            }
        }
        return depth == 0 && !inString && index > 0 ? index : nil
    }

    static func scannedEnd(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = LineScanner(bytes: buffer)
            return try? scanner.skipValue().upperBound
        }
    }

    @Test func agreesWithTheByteAtATimeReference() {
        var random = SystemRandomNumberGenerator()
        let pieces: [String] = ["a", "bc", "\\\"", "\\\\", "é", "€", "x y", "\\n", "\\u0041", "12345678", "\"", "\\"]
        for round in 0..<3_000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...12, using: &random) { text += pieces.randomElement(using: &random)! }
            let padding = String(repeating: "p", count: round % 9)
            let candidates = [
                #"{"\#(padding)":"\#(text)","n":[1,"\#(text)",{"k":"\#(text)"}]}"#,
                #""\#(padding)\#(text)""#,
                #"["\#(text)","#,
                #"{"a":"\#(text)"} tail"#,
            ]
            for candidate in candidates {
                let bytes = Array(candidate.utf8)
                #expect(Self.scannedEnd(bytes) == Self.referenceEnd(bytes), "\(candidate)")
            }
        }
    }

    @Test func findsQuotesAndBackslashesInAnyByteOfAWord() {
        for position in 0..<8 {
            for special in [UInt8(ascii: "\""), UInt8(ascii: "\\")] {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 8)
                bytes[position] = special
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                #expect(LineScanner.hasQuoteOrBackslash(word))
            }
        }
        // Bytes next to the two in value, and every byte with the high bit, are plain.
        for plain: [UInt8] in [[0x21, 0x23, 0x5B, 0x5D, 0x00, 0xFF, 0xA2, 0xDC], [0x22 | 0x80, 0x5C | 0x80, 0x80, 0x7F, 0x01, 0x20, 0x5A, 0x61]] {
            let word = plain.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            #expect(!LineScanner.hasQuoteOrBackslash(word))
        }
    }
}

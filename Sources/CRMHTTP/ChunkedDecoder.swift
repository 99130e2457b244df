/// Decodes a `Transfer-Encoding: chunked` body incrementally (RFC 9112 §7.1), from any split of bytes.
///
/// Chunk extensions and trailer fields are parsed and ignored. Strict: a bare LF, a size that is not
/// hex or overflows, or whitespace after the size that is not followed by a `;` extension is 400
/// (`5 ;ext` is fine, `5 ` then CRLF is not — SPEC §6).
public struct ChunkedDecoder: Sendable {
    public struct Malformed: Swift.Error, Sendable, Equatable {
        public var reason: String
    }

    private enum Phase: Sendable, Equatable {
        case size(digits: Int, value: Int)
        case sizeWhitespace
        case extensionText
        case sizeLineFeed
        case data(remaining: Int)
        case dataCarriageReturn
        case dataLineFeed
        case trailerLineStart
        case trailerLine
        case trailerLineFeed(emptyLine: Bool)
        case done
    }

    private var phase: Phase = .size(digits: 0, value: 0)
    private var lineBytes = 0
    private var trailerBytes = 0
    /// Longest chunk-size line (size and extensions) and trailer section accepted.
    private let maxLineBytes = 4096
    private let maxTrailerBytes = 16 * 1024

    public init() {}

    public var isComplete: Bool { phase == .done }

    /// Consumes bytes from `input`, appending body data to `body`; returns how many bytes were used.
    /// Stops right after the final CRLF, leaving any pipelined request's bytes unread.
    public mutating func decode(_ input: UnsafeBufferPointer<UInt8>, into body: inout [UInt8]) throws(Malformed) -> Int {
        var index = 0
        while index < input.count {
            let byte = input[index]
            switch phase {
            case .size(let digits, let value):
                if let nibble = hexValue(byte) {
                    guard digits < 15 else { throw Malformed(reason: "chunk size too large") }
                    phase = .size(digits: digits + 1, value: value << 4 | nibble)
                } else if digits == 0 {
                    throw Malformed(reason: "chunk size is not hexadecimal")
                } else if byte == cr {
                    phase = .sizeLineFeed
                } else if byte == UInt8(ascii: ";") {
                    phase = .extensionText
                } else if byte == space || byte == tab {
                    phase = .sizeWhitespace
                } else {
                    throw Malformed(reason: "invalid character after chunk size")
                }
                if case .size = phase {} else { pendingSize = value }
            case .sizeWhitespace:
                if byte == UInt8(ascii: ";") { phase = .extensionText } else if byte != space && byte != tab {
                    throw Malformed(reason: "whitespace after a chunk size is allowed only before ';'")
                }
            case .extensionText:
                if byte == cr { phase = .sizeLineFeed } else if byte == lf || byte == 0 {
                    throw Malformed(reason: "bare LF or NUL in a chunk extension")
                }
            case .sizeLineFeed:
                guard byte == lf else { throw Malformed(reason: "chunk size line must end with CRLF") }
                phase = pendingSize == 0 ? .trailerLineStart : .data(remaining: pendingSize)
                lineBytes = 0
            case .data(let remaining):
                let take = min(remaining, input.count - index)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<(index + take)]))
                index += take
                phase = remaining == take ? .dataCarriageReturn : .data(remaining: remaining - take)
                continue
            case .dataCarriageReturn:
                guard byte == cr else { throw Malformed(reason: "chunk data longer than its size") }
                phase = .dataLineFeed
            case .dataLineFeed:
                guard byte == lf else { throw Malformed(reason: "chunk data must end with CRLF") }
                phase = .size(digits: 0, value: 0)
                lineBytes = 0
            case .trailerLineStart:
                phase = byte == cr ? .trailerLineFeed(emptyLine: true) : .trailerLine
                if byte == lf { throw Malformed(reason: "bare LF in the trailer section") }
            case .trailerLine:
                if byte == cr { phase = .trailerLineFeed(emptyLine: false) } else if byte == lf {
                    throw Malformed(reason: "bare LF in the trailer section")
                }
            case .trailerLineFeed(let emptyLine):
                guard byte == lf else { throw Malformed(reason: "trailer line must end with CRLF") }
                if emptyLine {
                    phase = .done
                    return index + 1
                }
                phase = .trailerLineStart
            case .done:
                return index
            }
            index += 1
            try countLineByte()
        }
        return index
    }

    private var pendingSize = 0

    private mutating func countLineByte() throws(Malformed) {
        switch phase {
        case .size, .sizeWhitespace, .extensionText:
            lineBytes += 1
            if lineBytes > maxLineBytes { throw Malformed(reason: "chunk size line too long") }
        case .trailerLine, .trailerLineStart, .trailerLineFeed:
            trailerBytes += 1
            if trailerBytes > maxTrailerBytes { throw Malformed(reason: "trailer section too large") }
        default:
            break
        }
    }

    private func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}

/// Parses a request head out of the front of a growing buffer (RFC 9112 §2–§5), picohttpparser-style.
///
/// Stateless: call it again with the same buffer after more bytes arrive. `endOfHead` finds the empty
/// line allocation-free, resuming from where the previous scan stopped; only a complete head is turned
/// into strings. Strict where RFC 9112 allows leniency: a bare LF, whitespace before a colon, obs-fold,
/// or a control character is 400 — lenient parsers are where request smuggling starts.
public enum RequestHeadParser {
    public enum Outcome: Sendable {
        /// More bytes are needed; resume the scan at `scanFrom` next time.
        case incomplete(scanFrom: Int)
        /// A whole head of `length` bytes (the final CRLFCRLF included).
        case complete(RequestHead, length: Int)
        case rejected(HeadRejection)
    }

    /// Scans `bytes` (a request starting at index 0) for a complete head.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, scanFrom: Int = 0, limits: RequestLimits) -> Outcome {
        let count = bytes.count
        var index = scanFrom
        var sawRequestLineEnd = scanFrom > 0
        if index == 0 {
            // RFC 9112 §2.2: empty lines before the request line may be ignored — within the head's
            // size limit, so a stream of CRLFs meets the 414/431 checks instead of buffering forever.
            while index + 1 < count, index < limits.maxHeaderBytes, bytes[index] == cr, bytes[index + 1] == lf { index += 2 }
        }
        let lineLimit = limits.maxRequestLineBytes + 2
        while index < count {
            if bytes[index] == lf {
                guard index > 0, bytes[index - 1] == cr else { return .rejected(.badRequest("bare LF as a line end")) }
                if !sawRequestLineEnd {
                    sawRequestLineEnd = true
                    if index + 1 > lineLimit { return .rejected(requestLineTooLong(limits)) }
                } else if index >= 3, bytes[index - 2] == lf, bytes[index - 3] == cr {
                    return finish(bytes, length: index + 1, limits: limits)
                }
            } else if !sawRequestLineEnd && index >= lineLimit {
                return .rejected(requestLineTooLong(limits))
            }
            index += 1
            if index > limits.maxHeaderBytes {
                return .rejected(HeadRejection(.headerFieldsTooLarge, "header block larger than \(limits.maxHeaderBytes) bytes"))
            }
        }
        return .incomplete(scanFrom: sawRequestLineEnd ? max(1, count - 3) : 0)
    }

    private static func requestLineTooLong(_ limits: RequestLimits) -> HeadRejection {
        HeadRejection(.uriTooLong, "request line longer than \(limits.maxRequestLineBytes) bytes")
    }

    private static func finish(_ bytes: UnsafeBufferPointer<UInt8>, length: Int, limits: RequestLimits) -> Outcome {
        var lines = HeadLines(bytes: UnsafeBufferPointer(rebasing: bytes[0..<(length - 2)]))
        do {
            guard let requestLine = lines.next() else { return .rejected(.badRequest("empty request line")) }
            var head = try parseRequestLine(requestLine)
            var fieldCount = 0
            while let line = lines.next() {
                fieldCount += 1
                if fieldCount > limits.maxHeaderCount {
                    return .rejected(HeadRejection(.headerFieldsTooLarge, "more than \(limits.maxHeaderCount) header fields"))
                }
                let (name, value) = try parseField(line)
                head.fields.append(name, value)
            }
            return .complete(head, length: length)
        } catch let rejection as HeadRejection {
            return .rejected(rejection)
        } catch {
            return .rejected(.badRequest("malformed request head"))
        }
    }

    static func parseRequestLine(_ line: UnsafeBufferPointer<UInt8>) throws -> RequestHead {
        guard let firstSpace = line.firstIndex(of: space) else { throw HeadRejection.badRequest("malformed request line") }
        let rest = UnsafeBufferPointer(rebasing: line[(firstSpace + 1)...])
        guard let secondSpace = rest.firstIndex(of: space) else { throw HeadRejection.badRequest("malformed request line") }
        let method = UnsafeBufferPointer(rebasing: line[..<firstSpace])
        let target = UnsafeBufferPointer(rebasing: rest[..<secondSpace])
        let version = UnsafeBufferPointer(rebasing: rest[(secondSpace + 1)...])
        guard !method.isEmpty, method.allSatisfy(isTokenByte) else { throw HeadRejection.badRequest("invalid method") }
        guard !target.isEmpty, target.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw HeadRejection.badRequest("invalid request target")
        }
        guard target[0] == slash || (target.count == 1 && target[0] == UInt8(ascii: "*"))
            || target.starts(with: "http://".utf8) || target.starts(with: "https://".utf8) else {
            throw HeadRejection.badRequest("request target must be a path")
        }
        let minor = try parseVersion(version)
        return RequestHead(method: String(decoding: method, as: UTF8.self),
                           target: String(decoding: target, as: UTF8.self), minorVersion: minor)
    }

    /// `HTTP/1.0` → 0, `HTTP/1.x` (x ≥ 1) → 1, another major version → 505.
    static func parseVersion(_ version: UnsafeBufferPointer<UInt8>) throws -> Int {
        guard version.count == 8, version.starts(with: "HTTP/".utf8), version[6] == UInt8(ascii: "."),
              isDigit(version[5]), isDigit(version[7]) else {
            throw HeadRejection.badRequest("malformed HTTP version")
        }
        guard version[5] == UInt8(ascii: "1") else {
            throw HeadRejection(.httpVersionNotSupported, "only HTTP/1.x is served")
        }
        return version[7] == UInt8(ascii: "0") ? 0 : 1
    }

    static func parseField(_ line: UnsafeBufferPointer<UInt8>) throws -> (String, String) {
        guard let first = line.first else { throw HeadRejection.badRequest("empty header line") }
        if first == space || first == tab { throw HeadRejection.badRequest("obsolete line folding") }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw HeadRejection.badRequest("header line without a colon") }
        let name = UnsafeBufferPointer(rebasing: line[..<colon])
        guard !name.isEmpty else { throw HeadRejection.badRequest("empty header name") }
        guard name.allSatisfy(isTokenByte) else {
            throw HeadRejection.badRequest("invalid header name (whitespace before the colon?)")
        }
        var start = colon + 1
        var end = line.count
        while start < end, line[start] == space || line[start] == tab { start += 1 }
        while end > start, line[end - 1] == space || line[end - 1] == tab { end -= 1 }
        let value = UnsafeBufferPointer(rebasing: line[start..<end])
        guard value.allSatisfy({ $0 == tab || ($0 >= 0x20 && $0 != 0x7F) }) else {
            throw HeadRejection.badRequest("control character in a header value")
        }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    static func isTokenByte(_ byte: UInt8) -> Bool { tokenTable[Int(byte)] }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// RFC 9110 §5.6.2 tchar.
    private static let tokenTable: [Bool] = (0..<256).map { value in
        let byte = UInt8(value)
        if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { return true }
        if (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") { return true }
        return "!#$%&'*+-.^_`|~".utf8.contains(byte)
    }
}

let cr = UInt8(ascii: "\r")
let lf = UInt8(ascii: "\n")
let space = UInt8(ascii: " ")
let tab = UInt8(ascii: "\t")
let slash = UInt8(ascii: "/")

/// The CRLF-terminated lines of a complete head (CRs excluded), read front to back.
struct HeadLines {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var start = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // Skip the leading empty lines RFC 9112 §2.2 lets a server ignore.
        while start + 1 < bytes.count, bytes[start] == cr, bytes[start + 1] == lf { start += 2 }
    }

    mutating func next() -> UnsafeBufferPointer<UInt8>? {
        guard start < bytes.count else { return nil }
        var end = start
        while end < bytes.count, bytes[end] != lf { end += 1 }
        let line = UnsafeBufferPointer(rebasing: bytes[start..<Swift.max(start, end - 1)])
        start = end + 1
        return line
    }
}

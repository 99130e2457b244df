/// Turns a `Response` head into bytes, adding what the connection owns: `Date`, the framing
/// (`Content-Length` or `Transfer-Encoding: chunked`) and `Connection`.
enum ResponseEncoder {
    /// How the body follows the head on the wire.
    enum Framing: Equatable {
        /// No body bytes at all (1xx/204/304, or a HEAD request: `contentLength` still announced).
        case none(contentLength: Int?)
        case length(Int)
        case chunked
        /// HTTP/1.0 client and a streamed body: the end of the body is the closed connection.
        case untilClose
    }

    /// The framing for `response` answering a request with `method` and minor version.
    static func framing(for response: Response, method: String, minorVersion: Int) -> Framing {
        guard response.status.allowsBody else { return .none(contentLength: nil) }
        switch response.body {
        case .empty:
            return method == "HEAD" ? .none(contentLength: 0) : .length(0)
        case .bytes(let bytes):
            return method == "HEAD" ? .none(contentLength: bytes.count) : .length(bytes.count)
        case .stream:
            if method == "HEAD" { return .none(contentLength: nil) }
            return minorVersion >= 1 ? .chunked : .untilClose
        }
    }

    /// The status line and header fields, ending with the empty line.
    static func encodeHead(_ response: Response, framing: Framing, keepAlive: Bool, into out: inout [UInt8]) {
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(response.status.code, to: &out)
        out.append(space)
        out.append(contentsOf: response.status.reason.utf8)
        out.append(contentsOf: "\r\nDate: ".utf8)
        out.append(contentsOf: HTTPDate.now())
        out.append(contentsOf: "\r\n".utf8)
        for field in response.headers {
            if field.name.equalsIgnoringASCIICase("Content-Length")
                || field.name.equalsIgnoringASCIICase("Transfer-Encoding")
                || field.name.equalsIgnoringASCIICase("Connection") { continue }
            out.append(contentsOf: field.name.utf8)
            out.append(contentsOf: ": ".utf8)
            out.append(contentsOf: field.value.utf8)
            out.append(contentsOf: "\r\n".utf8)
        }
        switch framing {
        case .length(let count), .none(contentLength: .some(let count)):
            out.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(count, to: &out)
            out.append(contentsOf: "\r\n".utf8)
        case .chunked:
            out.append(contentsOf: "Transfer-Encoding: chunked\r\n".utf8)
        case .none(contentLength: nil), .untilClose:
            break
        }
        out.append(contentsOf: (keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n").utf8)
    }

    /// One chunk of a chunked body: size in hex, CRLF, bytes, CRLF.
    static func encodeChunk(_ bytes: [UInt8], into out: inout [UInt8]) {
        guard !bytes.isEmpty else { return }
        out.append(contentsOf: String(bytes.count, radix: 16).utf8)
        out.append(contentsOf: "\r\n".utf8)
        out.append(contentsOf: bytes)
        out.append(contentsOf: "\r\n".utf8)
    }

    static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)
    static let continueLine: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 10 {
            out.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            for position in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[position]) }
        }
    }
}

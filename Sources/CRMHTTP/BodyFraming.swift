/// How a request's body is delimited: the one RFC 9112 §6 decision, made in one function.
public enum BodyFraming: Sendable, Equatable {
    case none
    case length(Int)
    case chunked

    /// Decides the framing of a request from its head (RFC 9112 §6.1–§6.3), strictly:
    /// - `Transfer-Encoding` with `Content-Length` is 400 (a smuggling vector; the connection closes);
    /// - `Transfer-Encoding` in HTTP/1.0 is 400 (§6.1: the framing is faulty);
    /// - a transfer coding other than a single final `chunked` is 501 (we decode no other coding),
    ///   and a list whose last coding is not `chunked` is 400 (the length cannot be known);
    /// - `Content-Length` must be one field holding only digits; repeated fields, even identical,
    ///   and comma lists are 400;
    /// - neither header: no body.
    public static func decide(for head: RequestHead) throws(HeadRejection) -> BodyFraming {
        let encodings = head.fields.values(of: "Transfer-Encoding")
        let lengths = head.fields.values(of: "Content-Length")
        if !encodings.isEmpty {
            if !lengths.isEmpty { throw .badRequest("both Transfer-Encoding and Content-Length") }
            if head.minorVersion == 0 { throw .badRequest("Transfer-Encoding in an HTTP/1.0 request") }
            let codings = encodings.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
                .map { $0.trimmingASCIISpaces() }
            guard let last = codings.last, last.equalsIgnoringASCIICase("chunked") else {
                throw .badRequest("the final transfer coding must be chunked")
            }
            guard codings.count == 1 else {
                throw HeadRejection(.notImplemented, "only the chunked transfer coding is supported")
            }
            return .chunked
        }
        guard let lengthText = lengths.first else { return .none }
        guard lengths.count == 1 else { throw .badRequest("more than one Content-Length") }
        guard !lengthText.isEmpty, lengthText.utf8.count <= 18,
              lengthText.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let length = Int(lengthText) else {
            throw .badRequest("invalid Content-Length")
        }
        return length == 0 ? .none : .length(length)
    }
}

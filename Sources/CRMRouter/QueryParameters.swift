/// The decoded `name=value` pairs of a query string, in order (`+` is a space, `%XX` decoded).
public struct QueryParameters: Sendable {
    public private(set) var pairs: [(name: String, value: String)] = []

    public init() {}

    /// Parses a raw query; malformed percent-encoding or invalid UTF-8 is a 400 problem.
    public init(parsing raw: Substring?) throws(Problem) {
        guard let raw, !raw.isEmpty else { return }
        for part in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = PercentDecoding.decode(pieces[0], plusIsSpace: true),
                  let value = PercentDecoding.decode(pieces.count > 1 ? pieces[1] : "", plusIsSpace: true) else {
                throw Problem.badRequest("The query string is not valid percent-encoded UTF-8.")
            }
            pairs.append((name, value))
        }
    }

    public subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    public var names: [String] { pairs.map(\.name) }
}

/// RFC 3986 percent-decoding into UTF-8 text.
public enum PercentDecoding {
    public static func decode(_ text: Substring, plusIsSpace: Bool = false) -> String? {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) }) else {
            return String(text)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            } else if plusIsSpace && byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

import Synchronization

/// `X-Request-Id`: the client's value when it is sane (1–128 of `[A-Za-z0-9._:-]`), else a fresh one.
public enum RequestID {
    private static let counter = Atomic<UInt64>(0)
    private static let prefix: String = {
        var generator = SystemRandomNumberGenerator()
        return String(generator.next() & 0xFFFF_FFFF, radix: 16)
    }()

    public static func accept(_ candidate: String?) -> String {
        if let candidate, isSane(candidate) { return candidate }
        let next = counter.add(1, ordering: .relaxed).newValue
        return "req_\(prefix)\(String(next, radix: 16))"
    }

    static func isSane(_ value: String) -> Bool {
        let bytes = value.utf8
        guard !bytes.isEmpty, bytes.count <= 128 else { return false }
        return bytes.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-")
        }
    }
}

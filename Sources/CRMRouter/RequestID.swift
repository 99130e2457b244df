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
        return generated(next)
    }

    /// `req_<prefix><counter in hex>`, written into one string allocation.
    static func generated(_ number: UInt64) -> String {
        var hexDigits = 1
        while hexDigits < 16 && number >> (4 * UInt64(hexDigits)) != 0 { hexDigits += 1 }
        let prefixBytes = prefix.utf8
        return String(unsafeUninitializedCapacity: 4 + prefixBytes.count + hexDigits) { buffer in
            var index = 0
            for byte in "req_".utf8 { buffer[index] = byte; index += 1 }
            for byte in prefixBytes { buffer[index] = byte; index += 1 }
            for position in stride(from: hexDigits - 1, through: 0, by: -1) {
                let nibble = UInt8(truncatingIfNeeded: number >> (4 * UInt64(position))) & 0xF
                buffer[index] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
                index += 1
            }
            return index
        }
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

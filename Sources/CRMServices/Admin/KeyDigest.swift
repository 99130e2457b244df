import CTLS

/// SHA-256 of API keys (OpenSSL), compared in constant time: keys are stored only as digests.
public enum KeyDigest {
    public static func sha256(_ text: String) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { SHA256(input.baseAddress, input.count, $0.baseAddress) }
        }
        return digest
    }

    /// Equality that takes the same time wherever the first difference is.
    public static func constantTimeEquals(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        return left.withUnsafeBytes { a in right.withUnsafeBytes { b in CRYPTO_memcmp(a.baseAddress, b.baseAddress, a.count) == 0 } }
    }

    /// A new random key (`crm_` + 40 hex characters from OpenSSL's generator).
    public static func makeKey() -> String {
        var bytes = [UInt8](repeating: 0, count: 20)
        let status = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32($0.count)) }
        precondition(status == 1, "OpenSSL's random generator failed")
        let hex = Array("0123456789abcdef".utf8)
        return "crm_" + String(decoding: bytes.flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 15)]] }, as: UTF8.self)
    }
}

import CTLS

/// `CRM-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` (OpenSSL HMAC).
/// A receiver recomputes the HMAC over the raw body it got, compares in constant time, and
/// rejects a `t` far from its clock (replays).
public enum WebhookSignature {
    public static func header(secret: String, timestamp: Int64, body: [UInt8]) -> String {
        "t=\(timestamp),v1=\(KeyDigest.hex(hmacSHA256(key: Array(secret.utf8), message: Array("\(timestamp).".utf8) + body)))"
    }

    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let done = key.withUnsafeBytes { keyBytes in
            message.withUnsafeBytes { messageBytes in
                digest.withUnsafeMutableBufferPointer { output in
                    HMAC(EVP_sha256(), keyBytes.baseAddress, Int32(keyBytes.count), messageBytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
                         messageBytes.count, output.baseAddress, &length)
                }
            }
        }
        precondition(done != nil, "OpenSSL HMAC failed")
        return Array(digest.prefix(Int(length)))
    }

    /// A new signing secret: `whsec_` + 64 hex characters from OpenSSL's generator.
    static func makeSecret() -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        let status = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32($0.count)) }
        precondition(status == 1, "OpenSSL's random generator failed")
        return "whsec_" + KeyDigest.hex(bytes)
    }
}

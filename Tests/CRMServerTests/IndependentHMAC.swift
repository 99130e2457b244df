import CTLS
import Foundation

/// HMAC-SHA256 written from RFC 2104 (over OpenSSL's plain SHA-256), to check the server's
/// signatures with code that shares nothing with how it computes them.
enum IndependentHMAC {
    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        _ = bytes.withUnsafeBufferPointer { input in digest.withUnsafeMutableBufferPointer { SHA256(input.baseAddress, input.count, $0.baseAddress) } }
        return digest
    }

    static func hmac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var block = key.count > 64 ? sha256(key) : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        let inner = sha256(block.map { $0 ^ 0x36 } + message)
        return sha256(block.map { $0 ^ 0x5C } + inner)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `header` (`t=…,v1=…`) signs `body` with `secret`.
    static func verifies(_ header: String, secret: String, body: [UInt8]) -> Bool {
        let parts = Dictionary(header.split(separator: ",").map { part -> (String, String) in
            let pieces = part.split(separator: "=", maxSplits: 1)
            return (String(pieces[0]), pieces.count > 1 ? String(pieces[1]) : "")
        }) { first, _ in first }
        guard let t = parts["t"], let v1 = parts["v1"] else { return false }
        return hex(hmac(key: Array(secret.utf8), message: Array("\(t).".utf8) + body)) == v1
    }
}

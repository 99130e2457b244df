import CRMModel
import CTLS

/// The tokens in tracking links (`/t/o/<token>`, `/t/c/<token>`, `/t/u/<token>`):
///
///     token = <delivery id> "." base64url(first 16 bytes of HMAC-SHA256(key, UTF-8 of the delivery id))
///
/// The key is 32 bytes from OpenSSL's generator, made at the first launch and kept in the log (a
/// `campaign-secret` record), so backups and restarts keep every link working. Without the key a
/// valid token cannot be made for any delivery (128 bits); comparing is constant-time.
struct TrackingTokens: Sendable {
    let key: [UInt8]

    func token(for delivery: DeliveryID) -> String {
        delivery.description + "." + Self.base64url(mac(delivery.description))
    }

    /// The delivery a token names, when its MAC is right.
    func delivery(in token: String) -> DeliveryID? {
        let pieces = token.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard pieces.count == 2, let id = DeliveryID(String(pieces[0])) else { return nil }
        let expected = Array(Self.base64url(mac(id.description)).utf8)
        let given = Array(pieces[1].utf8)
        guard given.count == expected.count else { return nil }
        var difference: UInt8 = 0
        for (left, right) in zip(given, expected) { difference |= left ^ right }
        return difference == 0 ? id : nil
    }

    private func mac(_ text: String) -> [UInt8] {
        Array(WebhookSignature.hmacSHA256(key: key, message: Array(text.utf8)).prefix(16))
    }

    /// A new key from OpenSSL's random generator.
    static func makeKey() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 32)
        let status = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32($0.count)) }
        precondition(status == 1, "OpenSSL's random generator failed")
        return bytes
    }

    static func base64url(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value = 0
            for (offset, byte) in chunk.enumerated() { value |= Int(byte) << (16 - 8 * offset) }
            for position in 0...chunk.count { output.append(alphabet[(value >> (18 - 6 * position)) & 63]) }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Bytes from lower-case or upper-case hex; nil for anything else.
    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0, !digits.isEmpty else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case 0x30...0x39: digit - 0x30
        case 0x61...0x66: digit - 0x61 + 10
        case 0x41...0x46: digit - 0x41 + 10
        default: nil
        }
    }
}

/// A broken invariant found by a fuzz check: what went wrong, in words a bug report can quote.
///
/// The libFuzzer entry points trap on it (so libFuzzer saves the input); corpus replays and the
/// regression tests print it and fail.
public struct FuzzFinding: Swift.Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Throws a `FuzzFinding` with `message` unless `condition` holds.
@inline(__always)
func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(FuzzFinding) {
    if !condition { throw FuzzFinding(message()) }
}

/// Printable bytes for findings: ASCII as is, everything else `\xNN`, cut after `limit` bytes.
func escaped(_ bytes: some Collection<UInt8>, limit: Int = 200) -> String {
    var text = ""
    for byte in bytes.prefix(limit) {
        switch byte {
        case 0x0D: text += "\\r"
        case 0x0A: text += "\\n"
        case 0x5C: text += "\\\\"
        case 0x20..<0x7F: text.unicodeScalars.append(Unicode.Scalar(byte))
        default:
            let hex = String(byte, radix: 16, uppercase: true)
            text += "\\x" + (hex.count == 1 ? "0" + hex : hex)
        }
    }
    return bytes.count > limit ? text + "…(\(bytes.count) bytes)" : text
}

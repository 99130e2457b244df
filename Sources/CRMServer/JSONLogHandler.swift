import Foundation
import Logging
import CRMModel

/// A swift-log handler writing one JSON object per line to stderr (or readable text with `--log-format text`).
struct JSONLogHandler: LogHandler {
    let label: String
    let isText: Bool
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let time = JSONLogHandler.timestamp()
        var line: [UInt8]
        if isText {
            let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            line = Array("\(time) \(event.level.rawValue.uppercased()) \(event.message) \(fields)\n".utf8)
        } else {
            var writer = JSONWriter(capacity: 256)
            writer.beginObject()
            writer.key("time"); writer.string(time)
            writer.key("level"); writer.string(event.level.rawValue)
            writer.key("message"); writer.string(event.message.description)
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
                writer.key(key)
                if case .stringConvertible(let number as Int) = value { writer.int(number) } else { writer.string(value.description) }
            }
            writer.endObject()
            line = writer.bytes
            line.append(UInt8(ascii: "\n"))
        }
        // One write(2) per line keeps concurrent lines whole.
        line.withUnsafeBytes { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    /// RFC 3339 UTC with milliseconds.
    static func timestamp() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int = 2) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))T\(pad(parts.tm_hour)):"
            + "\(pad(parts.tm_min)):\(pad(parts.tm_sec)).\(pad(Int32(spec.tv_nsec / 1_000_000), 3))Z"
    }
}

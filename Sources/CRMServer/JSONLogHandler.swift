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
        let merged = metadata.isEmpty ? (event.metadata ?? [:]) : metadata.merging(event.metadata ?? [:]) { $1 }
        let time = JSONLogHandler.timestamp()
        var line: [UInt8]
        if isText {
            let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            line = Array("\(time) \(event.level.rawValue.uppercased()) \(event.message) \(fields)\n".utf8)
        } else {
            var writer = JSONWriter(reservingCapacity: 256)
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
        LogSink.shared.write(line, urgent: event.level >= .warning)
    }

    /// RFC 3339 UTC with milliseconds, e.g. `2026-11-22T11:38:39.123Z`.
    static func timestamp() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var bytes = [UInt8](repeating: 0, count: 24)
        func put(_ value: Int, at offset: Int, width: Int) {
            var rest = value
            for position in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
        }
        put(Int(parts.tm_year) + 1900, at: 0, width: 4)
        put(Int(parts.tm_mon) + 1, at: 5, width: 2)
        put(Int(parts.tm_mday), at: 8, width: 2)
        put(Int(parts.tm_hour), at: 11, width: 2)
        put(Int(parts.tm_min), at: 14, width: 2)
        put(Int(parts.tm_sec), at: 17, width: 2)
        put(Int(spec.tv_nsec / 1_000_000), at: 20, width: 3)
        for (offset, mark) in [(4, UInt8(ascii: "-")), (7, UInt8(ascii: "-")), (10, UInt8(ascii: "T")),
                               (13, UInt8(ascii: ":")), (16, UInt8(ascii: ":")), (19, UInt8(ascii: "."))] {
            bytes[offset] = mark
        }
        bytes[23] = UInt8(ascii: "Z")
        return String(decoding: bytes, as: UTF8.self)
    }
}

import Foundation
import Logging
import CRMModel
import CRMRouter

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
        if isText {
            let time = JSONLogHandler.withTimestamp { String(decoding: $0, as: UTF8.self) }
            let fields = merged.sorted { $0.key < $1.key }.map { entry in
                if case .stringConvertible(let inline as any InlineLogFields) = entry.value { return inline.description }
                return "\(entry.key)=\(entry.value)"
            }.joined(separator: " ")
            let line = Array("\(time) \(event.level.rawValue.uppercased()) \(event.message) \(fields)\n".utf8)
            LogSink.shared.write(line, urgent: event.level >= .warning)
            return
        }
        // One line per request on the access log: built with one allocation (the writer's).
        var writer = JSONWriter(reservingCapacity: 256)
        writer.beginObject()
        writer.key("time")
        JSONLogHandler.withTimestamp(quoted: true) { writer.rawValue($0) }
        writer.key("level"); writer.string(event.level.rawValue)
        writer.key("message"); writer.string(event.message.description)
        JSONLogHandler.withSortedKeys(of: merged) { key, value in
            if case .stringConvertible(let convertible) = value {
                // The concrete type first: a cast to it compares metadata, one to a protocol looks
                // the conformance up (a hash-map probe per request).
                if let entry = convertible as? AccessLogEntry {
                    entry.writeMembers(to: &writer)
                    return
                }
                if let inline = convertible as? any InlineLogFields {
                    inline.writeMembers(to: &writer)
                    return
                }
            }
            writer.key(key)
            if case .stringConvertible(let number as Int) = value {
                JSONLogHandler.withDecimal(number) { writer.rawValue($0) }
            } else {
                writer.string(value.description)
            }
        }
        writer.endObject()
        LogSink.shared.write(writer.bytes, urgent: event.level >= .warning, newline: true)
    }

    /// Calls `body` with each entry in key order, sorting on the stack (a line has a handful of keys).
    /// Only keys are compared, each classified as ASCII once (values are not copied while sorting).
    static func withSortedKeys(of metadata: Logger.Metadata, _ body: (String, Logger.MetadataValue) -> Void) {
        typealias Entry = (key: String, isASCII: Bool, index: Dictionary<String, Logger.MetadataValue>.Index)
        withUnsafeTemporaryAllocation(of: Entry.self, capacity: metadata.count) { entries in
            let base = entries.baseAddress!
            var count = 0
            var index = metadata.startIndex
            while index != metadata.endIndex {
                let key = metadata.keys[index]
                let entry: Entry = (key, key.utf8.allSatisfy { $0 < 0x80 }, index)
                // Insertion sort by key.
                var slot = count
                while slot > 0 && precedes(entry, base[slot - 1]) {
                    (base + slot).moveInitialize(from: base + slot - 1, count: 1)
                    slot -= 1
                }
                (base + slot).initialize(to: entry)
                count += 1
                index = metadata.index(after: index)
            }
            for position in 0..<count {
                body(base[position].key, metadata.values[base[position].index])
            }
            base.deinitialize(count: count)
        }
    }

    /// `String`'s `<` on keys, answered from the UTF-8 bytes when both are ASCII (the same order, far cheaper).
    private static func precedes(_ left: (key: String, isASCII: Bool, index: Dictionary<String, Logger.MetadataValue>.Index),
                                 _ right: (key: String, isASCII: Bool, index: Dictionary<String, Logger.MetadataValue>.Index)) -> Bool {
        guard left.isASCII && right.isASCII else { return left.key < right.key }
        return left.key.utf8.lexicographicallyPrecedes(right.key.utf8)
    }

    /// The decimal digits of `value` on the stack (JSONWriter.int copies an array slice to reverse it).
    static func withDecimal(_ value: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var magnitude = value.magnitude
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                start -= 1
                digits[start] = UInt8(ascii: "-")
            }
            body(UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// RFC 3339 UTC with milliseconds, e.g. `2026-11-22T11:38:39.123Z`.
    static func timestamp() -> String {
        withTimestamp { String(decoding: $0, as: UTF8.self) }
    }

    /// The current time as RFC 3339 bytes on the stack (in JSON quotes when `quoted`), handed to `body`.
    static func withTimestamp<Result>(quoted: Bool = false, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 26) { quotedBytes in
            quotedBytes[0] = UInt8(ascii: "\"")
            quotedBytes[25] = UInt8(ascii: "\"")
            let bytes = UnsafeMutableBufferPointer(rebasing: quotedBytes[1..<25])
            func put(_ value: Int, at offset: Int, width: Int) {
                var rest = value
                for position in stride(from: offset + width - 1, through: offset, by: -1) {
                    bytes[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
            }
            put(Int(parts.tm_year) + 1900, at: 0, width: 4)
            bytes[4] = UInt8(ascii: "-")
            put(Int(parts.tm_mon) + 1, at: 5, width: 2)
            bytes[7] = UInt8(ascii: "-")
            put(Int(parts.tm_mday), at: 8, width: 2)
            bytes[10] = UInt8(ascii: "T")
            put(Int(parts.tm_hour), at: 11, width: 2)
            bytes[13] = UInt8(ascii: ":")
            put(Int(parts.tm_min), at: 14, width: 2)
            bytes[16] = UInt8(ascii: ":")
            put(Int(parts.tm_sec), at: 17, width: 2)
            bytes[19] = UInt8(ascii: ".")
            put(Int(spec.tv_nsec / 1_000_000), at: 20, width: 3)
            bytes[23] = UInt8(ascii: "Z")
            return body(UnsafeBufferPointer(quoted ? quotedBytes : bytes))
        }
    }
}

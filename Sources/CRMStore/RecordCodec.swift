import Foundation

/// Writes and reads the line format drawn in `Record`'s comment. The reader is a purpose-built
/// byte scanner (Foundation's JSONDecoder manages ~22 MB/s; replay needs ≥ 100 MB/s): it checks the
/// checksum, reads the fixed header fields in order, and takes `data` as a byte range by skipping
/// one JSON value, string- and bracket-aware, without decoding it.
enum RecordCodec {
    struct Malformed: Swift.Error, Equatable {
        var reason: String
    }

    static let crcMarker = Array(#","crc":""#.utf8)

    /// The record as one line, newline included.
    static func encode(_ record: Record, into out: inout [UInt8]) {
        let start = out.count
        appendHead(seq: record.seq, timestamp: record.timestamp, to: &out)
        appendTail(type: record.type, id: record.id, op: record.op, actor: record.actor, requestId: record.requestId,
                   data: record.data, to: &out)
        appendChecksum(ofLineFrom: start, to: &out)
    }

    /// A line from its sequence number, time and a tail encoded beforehand by `appendTail`.
    static func encode(seq: UInt64, timestamp: Int64, tail: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        let start = out.count
        appendHead(seq: seq, timestamp: timestamp, to: &out)
        out.append(contentsOf: tail)
        appendChecksum(ofLineFrom: start, to: &out)
    }

    /// `{"seq":N,"at":T`: what only the writer knows.
    private static func appendHead(seq: UInt64, timestamp: Int64, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"seq":"#.utf8)
        appendDecimal(seq, to: &out)
        out.append(contentsOf: #","at":"#.utf8)
        if timestamp < 0 { out.append(UInt8(ascii: "-")) }
        appendDecimal(timestamp.magnitude, to: &out)
    }

    /// The digits of `value` (a `String` per number was a tenth of a bulk load's writer).
    private static func appendDecimal(_ value: UInt64, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var rest = value
            var first = digits.count
            repeat {
                first -= 1
                digits[first] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[first...]))
        }
    }

    /// `,"type":…,"data":…`: the rest of the line before its checksum.
    static func appendTail(type: String, id: String, op: RecordOp, actor: String, requestId: String, data: [UInt8],
                           to out: inout [UInt8]) {
        appendTailFields(type: type, id: id, op: op, actor: actor, requestId: requestId, to: &out)
        if data.isEmpty { out.append(contentsOf: "null".utf8) } else { out.append(contentsOf: data) }
    }

    /// The tail up to and including `"data":`, for a caller that writes the data itself.
    static func appendTailFields(type: String, id: String, op: RecordOp, actor: String, requestId: String,
                                 to out: inout [UInt8]) {
        appendField("type", type, to: &out)
        appendField("id", id, to: &out)
        appendTailEnd(op: op, actor: actor, requestId: requestId, to: &out)
    }

    /// `,"op":…,"actor":…,"req":…,"data":`: the part of a tail after its id.
    static func appendTailEnd(op: RecordOp, actor: String, requestId: String, to out: inout [UInt8]) {
        appendField("op", op.rawValue, to: &out)
        appendField("actor", actor, to: &out)
        appendField("req", requestId, to: &out)
        out.append(contentsOf: #","data":"#.utf8)
    }

    /// Whether `text` can stand in a JSON string as it is (no quote, backslash or control byte).
    static func needsNoEscaping(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        !text.contains { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }
    }

    /// `,"crc":"…"}` and the newline, the checksum taken over the line from `start`.
    private static func appendChecksum(ofLineFrom start: Int, to out: inout [UInt8]) {
        let crc = out.withUnsafeBufferPointer { CRC32C.checksum(UnsafeBufferPointer(rebasing: $0[start...])) }
        out.append(contentsOf: crcMarker)
        appendHex(crc, to: &out)
        out.append(contentsOf: "\"}\n".utf8)
    }

    /// Why `data` cannot be stored (it must be empty or one JSON value without a raw newline, or the
    /// line could not be read back), or nil when it can.
    static func problem(storing data: [UInt8]) -> String? {
        data.withUnsafeBufferPointer { problem(storing: $0) }
    }

    static func problem(storing data: UnsafeBufferPointer<UInt8>) -> String? {
        guard let base = data.baseAddress, !data.isEmpty else { return nil }
        guard memchr(base, Int32(UInt8(ascii: "\n")), data.count) == nil else { return "data holds a raw newline" }
        switch data[0] {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""):
            break
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let numeric = Set("0123456789+-.eE".utf8)
            return data.allSatisfy { numeric.contains($0) } ? nil : "data is not a JSON value"
        default:
            return ["true", "false", "null"].contains { $0.utf8.elementsEqual(data) } ? nil : "data is not a JSON value"
        }
        var scanner = LineScanner(bytes: data)
        do throws(Malformed) {
            _ = try scanner.skipValue()
            return scanner.isAtEnd ? nil : "data is more than one JSON value"
        } catch {
            return error.reason
        }
    }

    /// Why `data`, written by a JSON encoder, cannot be stored as an object: only its shape is
    /// checked (a `{` first, a `}` last, no raw newline), not that every byte between is JSON.
    static func shapeProblem(storingObject data: UnsafeBufferPointer<UInt8>) -> String? {
        guard let base = data.baseAddress, data.count >= 2 else { return "data is not a JSON object" }
        guard data[0] == UInt8(ascii: "{"), data[data.count - 1] == UInt8(ascii: "}") else { return "data is not a JSON object" }
        return memchr(base, Int32(UInt8(ascii: "\n")), data.count) == nil ? nil : "data holds a raw newline"
    }

    /// Parses one line (without its newline).
    static func decode(_ line: UnsafeBufferPointer<UInt8>) throws(Malformed) -> Record {
        // The checksum comes first: a torn or flipped line fails here.
        guard line.count > crcMarker.count + 10, line[line.count - 1] == UInt8(ascii: "}"),
              line[line.count - 2] == UInt8(ascii: "\"") else { throw Malformed(reason: "line does not end with the checksum") }
        let markerStart = line.count - 2 - 8 - crcMarker.count
        guard markerStart > 0, line[markerStart..<(markerStart + crcMarker.count)].elementsEqual(crcMarker),
              let stored = parseHex(UnsafeBufferPointer(rebasing: line[(markerStart + crcMarker.count)..<(line.count - 2)])) else {
            throw Malformed(reason: "missing or malformed checksum")
        }
        let body = UnsafeBufferPointer(rebasing: line[0..<markerStart])
        guard CRC32C.checksum(body) == stored else { throw Malformed(reason: "checksum mismatch") }
        var scanner = LineScanner(bytes: body)
        try scanner.expect(#"{"seq":"#)
        let seq = try scanner.unsigned()
        try scanner.expect(#","at":"#)
        let timestamp = try scanner.signed()
        try scanner.expect(#","type":"#)
        let type = try scanner.string()
        try scanner.expect(#","id":"#)
        let id = try scanner.string()
        try scanner.expect(#","op":"#)
        guard let op = RecordOp(rawValue: try scanner.string()) else { throw Malformed(reason: "unknown op") }
        try scanner.expect(#","actor":"#)
        let actor = try scanner.string()
        try scanner.expect(#","req":"#)
        let requestId = try scanner.string()
        try scanner.expect(#","data":"#)
        let data = try scanner.valueBytes()
        guard scanner.isAtEnd else { throw Malformed(reason: "unexpected bytes after data") }
        return Record(seq: seq, timestamp: timestamp, type: type, id: id, op: op, actor: actor, requestId: requestId,
                      data: data == Array("null".utf8) ? [] : data)
    }

    private static func appendField(_ name: StaticString, _ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: ","))
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        out.append(contentsOf: #"":""#.utf8)
        var value = value
        value.withUTF8 { utf8 in
            // Ids, types and actors never need escaping: copy them whole (String.utf8 byte by byte
            // was 5 % of a bulk load's writer).
            if needsNoEscaping(utf8) {
                out.append(contentsOf: utf8)
            } else {
                for byte in utf8 { appendEscaped(byte, to: &out) }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscaped(_ byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"):
            out.append(UInt8(ascii: "\\"))
            out.append(byte)
        case 0..<0x20:
            out.append(contentsOf: "\\u00".utf8)
            appendHexDigit(byte >> 4, to: &out)
            appendHexDigit(byte & 15, to: &out)
        default:
            out.append(byte)
        }
    }

    private static func appendHex(_ value: UInt32, to out: inout [UInt8]) {
        for shift in stride(from: 28, through: 0, by: -4) { appendHexDigit(UInt8((value >> UInt32(shift)) & 15), to: &out) }
    }

    private static func appendHexDigit(_ nibble: UInt8, to out: inout [UInt8]) {
        out.append(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10)
    }

    private static func parseHex(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard bytes.count == 8 else { return nil }
        var value: UInt32 = 0
        for byte in bytes {
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
            default: return nil
            }
            value = value << 4 | UInt32(nibble)
        }
        return value
    }
}

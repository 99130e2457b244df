#if canImport(Glibc)
import Glibc
#endif

/// Reads a segment line by line, validating each record. A damaged last line (torn write, zero fill)
/// is cut off — its bytes kept in `<segment>.broken` — and reported as a warning; damage before the
/// last line stops with an error naming the file and line.
enum LogReader {
    struct Outcome {
        var records = 0
        var lastSeq: UInt64 = 0
        var lastTimestamp: Int64 = 0
        /// Bytes of valid records (the file is cut back to this length when the tail was damaged).
        var validLength = 0
        var warning: String?
    }

    /// Replays `path` into `apply` (records with the byte offsets of their lines); `isLastSegment`
    /// allows cutting a torn tail.
    static func replay(_ path: String, isLastSegment: Bool, repairTail: Bool = true,
                       apply: ([Record], [Int]) -> Void) throws(StoreError) -> Outcome {
        guard let bytes = FileBytes.read(path) else {
            throw .unusableDirectory("cannot read \(path): \(SystemError.text(errno))")
        }
        var outcome = Outcome()
        var batch: [Record] = []
        var offsets: [Int] = []
        batch.reserveCapacity(256)
        offsets.reserveCapacity(256)
        var failure: (line: Int, start: Int, reason: String)?
        bytes.withUnsafeBufferPointer { buffer in
            LogLines.forEach(buffer) { line in
                do throws(RecordCodec.Malformed) {
                    let record = try line.record.get()
                    guard record.seq > outcome.lastSeq else { throw RecordCodec.Malformed(reason: "sequence number goes back") }
                    outcome.lastSeq = record.seq
                    outcome.lastTimestamp = record.timestamp
                    outcome.records += 1
                    batch.append(record)
                    offsets.append(line.start)
                    if batch.count == 256 {
                        apply(batch, offsets)
                        batch.removeAll(keepingCapacity: true)
                        offsets.removeAll(keepingCapacity: true)
                    }
                } catch {
                    failure = (line.number, line.start, error.reason)
                    return false
                }
                outcome.validLength = line.end + 1
                return true
            }
        }
        if !batch.isEmpty { apply(batch, offsets) }
        guard let failure else { return outcome }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let isTail = isLastSegment && !bytes[failure.start...].dropLast().contains(UInt8(ascii: "\n"))
        guard isTail else { throw .corrupted(file: name, line: failure.line, reason: failure.reason) }
        if repairTail { try cutTail(path, at: failure.start, bytes: Array(bytes[failure.start...])) }
        outcome.warning = "\(name) line \(failure.line): cut off a damaged last record (\(bytes.count - failure.start) bytes, "
            + "\(failure.reason)); the bytes are kept in \(name).broken"
        return outcome
    }

    private static func cutTail(_ path: String, at offset: Int, bytes: [UInt8]) throws(StoreError) {
        try FileBytes.writeDurably(bytes, to: path + ".broken", append: true)
        guard truncate(path, off_t(offset)) == 0 else { throw .writeFailed("cannot cut \(path): \(SystemError.text(errno))") }
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
    }
}

/// The lines of a log file's bytes, each decoded as a record: what every reader of whole files
/// walks (replay, compaction, `crm check`), so the line splitting and numbering live in one place.
enum LogLines {
    struct Line {
        /// 1-based, as error messages name it.
        var number: Int
        /// Where the line's bytes start and end (the newline excluded).
        var start: Int
        var end: Int
        var hasNewline: Bool
        /// The record, or why the line is not one (no newline at the end, a bad checksum, …).
        var record: Result<Record, RecordCodec.Malformed>
    }

    /// Calls `body` with each line in order until it returns false.
    static func forEach(_ buffer: UnsafeBufferPointer<UInt8>, _ body: (Line) -> Bool) {
        var start = 0
        var number = 0
        while start < buffer.count {
            number += 1
            let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n"))
            let end = newline ?? buffer.count
            let record: Result<Record, RecordCodec.Malformed>
            if newline == nil {
                record = .failure(RecordCodec.Malformed(reason: "no newline at the end"))
            } else {
                do throws(RecordCodec.Malformed) {
                    record = .success(try RecordCodec.decode(UnsafeBufferPointer(rebasing: buffer[start..<end])))
                } catch {
                    record = .failure(error)
                }
            }
            guard body(Line(number: number, start: start, end: end, hasNewline: newline != nil, record: record)) else { return }
            start = end + 1
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// A step of compaction at which a test can make the process die (`StoreOptions.compactionFault`).
public enum CompactionStep: String, Sendable, CaseIterable {
    /// The snapshot is written and fsynced under its temp name.
    case afterTempWrite
    /// The snapshot has its final name; the manifest still names the old files.
    case afterRename
    /// The manifest names the snapshot; the old files are not deleted yet.
    case afterManifestSwitch
}

/// What one compaction did.
public struct CompactionReport: Sendable, Equatable {
    public var snapshot: String
    public var filesReplaced: Int
    public var recordsKept: Int
    public var recordsDropped: Int
    public var bytesBefore: Int
    public var bytesAfter: Int
}

/// Rewrites the closed files at the front of the log into one snapshot in the same line format,
/// keeping, in log order: the last record of every live entity, every record younger than the
/// history cutoff (history, changes feed and audit read them), and the erase tombstone of an erased
/// entity — never anything else of an erased entity, whatever its age (that is how erase removes
/// personal data from disk). An entity erased and then written again (anonymised in place: a ticket
/// of an erased contact) keeps only what came after its last erase. Lines are copied byte for byte,
/// so their checksums stay valid.
///
/// Crash-safe by order: temp file, fsync, rename, directory fsync; the caller then switches the
/// manifest and only afterwards deletes the old files. A crash before the switch leaves the old
/// files live (the snapshot is a leftover, deleted at the next open); after it, the old files are.
struct Compactor {
    let files: SegmentDirectory
    let historyCutoff: Int64
    let fault: CompactionStep?

    struct Output {
        var report: CompactionReport
        var records: [(id: String, seq: UInt64, timestamp: Int64, op: RecordOp, offset: Int)]
        /// The highest sequence number left out of the snapshot (0 when nothing was).
        var droppedThrough: UInt64 = 0
    }

    func run(compacting names: [String], snapshotNumber: Int) throws(StoreError) -> Output {
        var last: [String: (seq: UInt64, op: RecordOp)] = [:]
        var lastErase: [String: UInt64] = [:]
        var bytesBefore = 0
        for name in names {
            bytesBefore += try forEachLine(in: name) { record, _ in
                last[record.id] = (record.seq, record.op)
                if record.op == .erase { lastErase[record.id] = record.seq }
            }
        }
        let name = SegmentDirectory.snapshotName(snapshotNumber)
        let temporary = files.filePath(name + ".tmp")
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .writeFailed("cannot create \(temporary): \(SystemError.text(errno))") }
        var output = Output(report: CompactionReport(snapshot: name, filesReplaced: names.count, recordsKept: 0, recordsDropped: 0,
                                                     bytesBefore: bytesBefore, bytesAfter: 0), records: [])
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        do throws(StoreError) {
            for source in names {
                _ = try forEachLine(in: source) { record, line in
                    guard let final = last[record.id], keeps(record, final: final, lastErase: lastErase[record.id]) else {
                        output.report.recordsDropped += 1
                        output.droppedThrough = max(output.droppedThrough, record.seq)
                        return
                    }
                    output.records.append((record.id, record.seq, record.timestamp, record.op, output.report.bytesAfter + buffer.count))
                    buffer.append(contentsOf: line)
                    buffer.append(UInt8(ascii: "\n"))
                    output.report.recordsKept += 1
                }
                if buffer.count >= 1 << 20 {
                    try FileBytes.writeAll(buffer, to: descriptor, path: temporary)
                    output.report.bytesAfter += buffer.count
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try FileBytes.writeAll(buffer, to: descriptor, path: temporary)
            output.report.bytesAfter += buffer.count
            guard fsync(descriptor) == 0 else { throw .writeFailed("cannot fsync \(temporary): \(SystemError.text(errno))") }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        reach(.afterTempWrite)
        guard rename(temporary, files.filePath(name)) == 0 else {
            unlink(temporary)
            throw .writeFailed("cannot rename \(temporary): \(SystemError.text(errno))")
        }
        try files.syncDirectory()
        reach(.afterRename)
        return output
    }

    private func keeps(_ record: Record, final: (seq: UInt64, op: RecordOp), lastErase: UInt64?) -> Bool {
        if final.op == .erase { return record.seq == final.seq }
        if let lastErase, record.seq <= lastErase { return false }
        if record.seq == final.seq && final.op == .put { return true }
        return record.timestamp >= historyCutoff
    }

    /// Dies here when a test asked for it: the directory is left exactly as a crash would leave it.
    func reach(_ step: CompactionStep) {
        if fault == step { _exit(75) }
    }

    /// Calls `body` with each record and its line (no newline); returns the file's size.
    private func forEachLine(in name: String, _ body: (Record, UnsafeBufferPointer<UInt8>) -> Void) throws(StoreError) -> Int {
        let path = files.filePath(name)
        guard let bytes = FileBytes.read(path) else { throw .unusableDirectory("cannot read \(path): \(SystemError.text(errno))") }
        var failure: StoreError?
        bytes.withUnsafeBufferPointer { buffer in
            LogLines.forEach(buffer) { line in
                switch line.record {
                case .success(let record):
                    body(record, UnsafeBufferPointer(rebasing: buffer[line.start..<line.end]))
                    return true
                case .failure(let error):
                    failure = .corrupted(file: name, line: line.number, reason: error.reason)
                    return false
                }
            }
        }
        if let failure { throw failure }
        return bytes.count
    }
}

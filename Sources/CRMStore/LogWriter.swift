import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The single writer: a dedicated thread (never the Swift cooperative pool, since fsync blocks) that
/// takes every waiting commit as one batch, runs each closure against the latest state, applies the
/// new records at once (so the next closure sees them), writes the batch with one write(2) and one
/// fdatasync, and only then resumes the callers (group commit, as Redis's AOF does).
///
/// A failed write cuts the file back, rolls memory back by replaying the disk, and fails the batch.
/// A failed fsync does the same and then refuses every later write: the page cache may have dropped
/// data, so the process must not go on as if it were on disk (PostgreSQL's lesson).
final class LogWriter: @unchecked Sendable {
    private let condition = NSCondition()
    private var waiting: [CommitJob] = []
    /// Work that must run on the writer between batches (segment rolls for compaction, manifest switches).
    private var controls: [() -> Void] = []
    private var isStopping = false
    private let stopped = DispatchSemaphore(value: 0)

    // Below: only the writer thread touches these (or `open`, before the thread starts).
    private let files: SegmentDirectory
    private let options: StoreOptions
    private let states: [any StoreState]
    private let locator: RecordLocator
    private(set) var segments: [String]
    /// The highest sequence number compaction has dropped (kept in the manifest).
    private(set) var droppedThrough: UInt64
    private var descriptor: Int32
    private var fileId: UInt32
    private var fileSize: Int
    private var nextSeq: UInt64
    private var lastTimestamp: Int64
    private var isDirty = false
    /// The batch buffer, kept between commits so a busy writer does not map and fault in fresh
    /// pages for every batch (up to `keptOutputCapacity`; a bigger one is let go).
    private var reusableOutput: [UInt8] = []
    private static let keptOutputCapacity = 16 << 20
    private var lastSync = ContinuousClock.now
    private(set) var refusal: String?
    private let rollback: ([String]) throws -> (lastSeq: UInt64, lastTimestamp: Int64, fileId: UInt32)
    /// The highest sequence number acknowledged to a caller (durable under `always`).
    private let acknowledged: Atomic<UInt64>
    /// Told of every acknowledgement (long-polling readers wait on it).
    var signal: CommitSignal?
    /// Called (on the writer) after a commit when dead records outweigh live ones.
    var onCompactionDue: (@Sendable () -> Void)?
    private var recordsAtLastCompaction = 0
    /// A bulk load's rolled-over segments are flushed off the writer thread.
    private let closedSegments = ClosedSegmentSyncer()

    init(files: SegmentDirectory, options: StoreOptions, states: [any StoreState], locator: RecordLocator, segments: [String],
         droppedThrough: UInt64, fileId: UInt32, lastSeq: UInt64, lastTimestamp: Int64,
         rollback: @escaping ([String]) throws -> (lastSeq: UInt64, lastTimestamp: Int64, fileId: UInt32)) throws(StoreError) {
        self.files = files
        self.options = options
        self.states = states
        self.locator = locator
        self.segments = segments
        self.droppedThrough = droppedThrough
        self.fileId = fileId
        self.acknowledged = Atomic(lastSeq)
        self.nextSeq = lastSeq + 1
        self.lastTimestamp = lastTimestamp
        self.rollback = rollback
        let path = files.filePath(segments.last!)
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .unusableDirectory("cannot open \(path) for writing: \(SystemError.text(errno))") }
        var info = stat()
        fstat(descriptor, &info)
        fileSize = Int(info.st_size)
        let thread = Thread { [unowned self] in run() }
        thread.name = "crm.store.writer"
        thread.start()
    }

    func submit(_ job: CommitJob) {
        condition.lock()
        let stopping = isStopping
        if !stopping { waiting.append(job) }
        condition.signal()
        condition.unlock()
        if stopping { job.finish(StoreError.notWritable("the store is closing")) }
    }

    /// On the writer: a bulk load made durable — every segment flushed, the last one too; throws
    /// when any of that failed (or the store refuses writes).
    func flushBulkLoad() throws(StoreError) {
        if let failed = closedSegments.finish() { refuseAfterFailedSegmentFlush(failed) }
        if isDirty { syncQuietly() }
        if let refusal { throw .writeFailed(refusal) }
    }

    /// A bulk load's closed segment could not be flushed: nothing more is written (the first reason stays).
    private func refuseAfterFailedSegmentFlush(_ failed: String) {
        if refusal == nil { refusal = "a bulk load's segment could not be flushed (\(failed)); later batches are refused" }
    }

    /// Finishes the queued commits, syncs, and stops the thread.
    func stop() {
        condition.lock()
        isStopping = true
        condition.signal()
        condition.unlock()
        stopped.wait()
    }

    /// The highest sequence number a caller has been told is committed.
    var lastAcknowledgedSeq: UInt64 { acknowledged.load(ordering: .acquiring) }

    /// Runs `body` on the writer thread between batches, where it may roll and switch files.
    func control(_ body: @escaping () -> Void) {
        condition.lock()
        let stopping = isStopping
        if !stopping { controls.append(body) }
        condition.signal()
        condition.unlock()
        if stopping { body() }
    }

    private func run() {
        while true {
            condition.lock()
            while waiting.isEmpty && controls.isEmpty && !isStopping {
                if options.fsync == .interval && isDirty {
                    _ = condition.wait(until: Date().addingTimeInterval(1))
                    if waiting.isEmpty { break }
                } else {
                    condition.wait()
                }
            }
            let batch = waiting
            waiting.removeAll()
            let pendingControls = controls
            controls.removeAll()
            let stopping = isStopping
            condition.unlock()
            if options.bulkLoad {
                // Queued bulk batches one write each: together they outgrow the kept buffer.
                for job in batch { commit([job]) }
            } else if !batch.isEmpty {
                commit(batch)
            }
            for body in pendingControls { body() }
            if options.fsync == .interval && isDirty && ContinuousClock.now - lastSync >= .seconds(1) { syncQuietly() }
            if stopping && batch.isEmpty {
                _ = closedSegments.finish()
                if isDirty { syncQuietly() }
                close(descriptor)
                stopped.signal()
                return
            }
        }
    }

    private func commit(_ batch: [CommitJob]) {
        if options.bulkLoad, let failed = closedSegments.firstFailure { refuseAfterFailedSegmentFlush(failed) }
        if let refusal {
            for job in batch { job.finish(StoreError.notWritable(refusal)) }
            return
        }
        let timestamp = max(lastTimestamp, Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
        var bytes = reusableOutput
        reusableOutput = []
        bytes.removeAll(keepingCapacity: true)
        defer { if bytes.capacity <= Self.keptOutputCapacity { reusableOutput = bytes } }
        var written: [[Record]] = []
        var offsets: [Int] = []
        var accepted: [CommitJob] = []
        for job in batch {
            if let encoded = job.encoded {
                // A bulk load's records: nothing locates or applies them (see StoreOptions.bulkLoad).
                encoded.forEachTail { tail in
                    RecordCodec.encode(seq: nextSeq, timestamp: timestamp, tail: tail, into: &bytes)
                    nextSeq += 1
                }
                accepted.append(job)
                continue
            }
            var context = CommitContext(timestamp: timestamp, actor: job.actor, requestId: job.requestId, nextSeq: nextSeq)
            do {
                try job.build(&context)
                try context.records.withUnsafeBufferPointer { records throws(StoreError) in
                    for index in records.indices {
                        if let problem = RecordCodec.problem(storing: records[index].data) {
                            throw StoreError.invalidRecord("\(records[index].type) \(records[index].id): \(problem)")
                        }
                    }
                }
            } catch {
                job.finish(error)
                continue
            }
            context.records.withUnsafeBufferPointer { records in
                for index in records.indices {
                    offsets.append(fileSize + bytes.count)
                    RecordCodec.encode(records[index], into: &bytes)
                }
            }
            written.append(context.records)
            if !context.records.isEmpty {
                if !options.bulkLoad { locator.hold(context.records) }
                for state in states { state.apply(context.records) }
            }
            nextSeq = context.nextSeq
            accepted.append(job)
        }
        lastTimestamp = timestamp
        guard !bytes.isEmpty else { return accepted.forEach { $0.finish(nil) } }
        do throws(StoreError) {
            try FileBytes.writeAll(bytes, to: descriptor, path: files.filePath(segments.last!))
        } catch {
            // A bulk load queues its batches ahead (`Store.submitBulk`): none may follow a lost one.
            return fail(accepted, error, refuseLater: options.bulkLoad)
        }
        if !options.bulkLoad { locator.add(written, offsets: offsets, file: fileId) }
        if options.fsync == .always {
            let flushStart = ContinuousClock.now
            defer { options.onFlush?(ContinuousClock.now - flushStart) }
            guard fdatasync(descriptor) == 0 else {
                return fail(accepted, .writeFailed("fdatasync failed: \(SystemError.text(errno))"), refuseLater: true)
            }
            lastSync = ContinuousClock.now
        } else {
            isDirty = true
        }
        fileSize += bytes.count
        acknowledged.store(nextSeq - 1, ordering: .releasing)
        for job in accepted { job.finish(nil) }
        signal?.acknowledged(nextSeq - 1)
        if fileSize >= options.segmentBytes { _ = rollSegment() }
        checkCompactionDue()
    }

    /// Dead records (older versions, deletes) are more than half the log, and the log has grown by
    /// half since the last compaction (records inside the history window are kept, so without the
    /// second rule a young log would be compacted again and again).
    private func checkCompactionDue() {
        guard !options.bulkLoad else { return }
        let counts = locator.counts
        guard counts.records >= options.autoCompactMinRecords, counts.records - counts.live > counts.records / 2,
              counts.records >= recordsAtLastCompaction + recordsAtLastCompaction / 2 else { return }
        recordsAtLastCompaction = counts.records
        onCompactionDue?()
    }

    /// Cuts the partial batch off the file, replays the disk into memory, fails the callers.
    private func fail(_ jobs: [CommitJob], _ error: StoreError, refuseLater: Bool) {
        _ = ftruncate(descriptor, off_t(fileSize))
        if refuseLater {
            refusal = options.bulkLoad ? "a bulk load's write failed (\(error)); later batches are refused"
                : "a disk flush failed (\(error)); restart the server after checking the disk"
        }
        do {
            let restored = try rollback(segments)
            nextSeq = restored.lastSeq + 1
            fileId = restored.fileId
            lastTimestamp = max(lastTimestamp, restored.lastTimestamp)
        } catch {
            refusal = "memory could not be rolled back after a failed write: \(error)"
        }
        for job in jobs { job.finish(error) }
    }

    private func syncQuietly() {
        if fdatasync(descriptor) != 0 {
            refusal = "a periodic disk flush failed: \(SystemError.text(errno)); restart the server after checking the disk"
        }
        isDirty = false
        lastSync = ContinuousClock.now
    }

    /// Closes the current segment and starts the next one, recorded in the manifest; false when the
    /// new file could not be made (writing goes on in the current one).
    private func rollSegment() -> Bool {
        guard let current = segments.last.flatMap(SegmentDirectory.segmentNumber) else { return false }
        let name = SegmentDirectory.segmentName(current + 1)
        let path = files.filePath(name)
        let next = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard next >= 0 else { return false }
        do {
            try files.syncDirectory()
            try files.writeManifest(SegmentDirectory.Manifest(names: segments + [name], droppedThrough: droppedThrough))
        } catch {
            close(next)
            unlink(path)
            return false
        }
        if options.bulkLoad {
            closedSegments.syncAndClose(descriptor, dirty: isDirty, path: files.filePath(segments.last!))
            isDirty = false
        } else {
            if isDirty { syncQuietly() }
            close(descriptor)
        }
        descriptor = next
        segments.append(name)
        fileId = locator.addFile(name)
        fileSize = 0
        return true
    }

    /// On the writer: makes every file but a fresh, empty last segment closed, and returns the
    /// closed ones (what compaction may rewrite) with the number its snapshot takes.
    func closeFilesForCompaction() throws(StoreError) -> (names: [String], snapshotNumber: Int) {
        if let refusal { throw .notWritable(refusal) }
        let closedOnly = segments.dropLast()
        let needsRoll = fileSize > 0 || closedOnly.allSatisfy { $0.hasPrefix("snap-") }
        if needsRoll {
            guard rollSegment() else { throw .writeFailed("cannot start a new segment for compaction") }
        }
        let names = Array(segments.dropLast())
        guard let number = names.last.flatMap(SegmentDirectory.segmentNumber) else { return ([], 0) }
        return (names, number)
    }

    /// On the writer: the manifest names `snapshot` in place of `compacted` (which must be the front
    /// of the log); the old files are then no longer live.
    func switchToSnapshot(_ snapshot: String, replacing compacted: [String], droppedThrough dropped: UInt64) throws(StoreError) {
        let remaining = segments.filter { !compacted.contains($0) }
        let through = max(droppedThrough, dropped)
        try files.writeManifest(SegmentDirectory.Manifest(names: [snapshot] + remaining, droppedThrough: through))
        segments = [snapshot] + remaining
        droppedThrough = through
    }
}

import Foundation
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
    private var isStopping = false
    private let stopped = DispatchSemaphore(value: 0)

    // Below: only the writer thread touches these (or `open`, before the thread starts).
    private let files: SegmentDirectory
    private let options: StoreOptions
    private let states: [any StoreState]
    private var segments: [String]
    private var descriptor: Int32
    private var fileSize: Int
    private var nextSeq: UInt64
    private var lastTimestamp: Int64
    private var isDirty = false
    private var lastSync = ContinuousClock.now
    private(set) var refusal: String?
    private let rollback: () throws -> (lastSeq: UInt64, lastTimestamp: Int64)

    init(files: SegmentDirectory, options: StoreOptions, states: [any StoreState], segments: [String],
         lastSeq: UInt64, lastTimestamp: Int64, rollback: @escaping () throws -> (lastSeq: UInt64, lastTimestamp: Int64)) throws(StoreError) {
        self.files = files
        self.options = options
        self.states = states
        self.segments = segments
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

    /// Finishes the queued commits, syncs, and stops the thread.
    func stop() {
        condition.lock()
        isStopping = true
        condition.signal()
        condition.unlock()
        stopped.wait()
    }

    var lastCommittedSeq: UInt64 { nextSeq - 1 }

    private func run() {
        while true {
            condition.lock()
            while waiting.isEmpty && !isStopping {
                if options.fsync == .interval && isDirty {
                    _ = condition.wait(until: Date().addingTimeInterval(1))
                    if waiting.isEmpty { break }
                } else {
                    condition.wait()
                }
            }
            let batch = waiting
            waiting.removeAll()
            let stopping = isStopping
            condition.unlock()
            if !batch.isEmpty { commit(batch) }
            if options.fsync == .interval && isDirty && ContinuousClock.now - lastSync >= .seconds(1) { syncQuietly() }
            if stopping && batch.isEmpty {
                if isDirty { syncQuietly() }
                close(descriptor)
                stopped.signal()
                return
            }
        }
    }

    private func commit(_ batch: [CommitJob]) {
        if let refusal {
            for job in batch { job.finish(StoreError.notWritable(refusal)) }
            return
        }
        let timestamp = max(lastTimestamp, Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
        var bytes: [UInt8] = []
        var accepted: [CommitJob] = []
        for job in batch {
            var context = CommitContext(timestamp: timestamp, actor: job.actor, requestId: job.requestId, nextSeq: nextSeq)
            do {
                try job.build(&context)
            } catch {
                job.finish(error)
                continue
            }
            for record in context.records { RecordCodec.encode(record, into: &bytes) }
            if !context.records.isEmpty {
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
            return fail(accepted, error, refuseLater: false)
        }
        if options.fsync == .always {
            guard fdatasync(descriptor) == 0 else {
                return fail(accepted, .writeFailed("fdatasync failed: \(SystemError.text(errno))"), refuseLater: true)
            }
            lastSync = ContinuousClock.now
        } else {
            isDirty = true
        }
        fileSize += bytes.count
        for job in accepted { job.finish(nil) }
        if fileSize >= options.segmentBytes { rollSegment() }
    }

    /// Cuts the partial batch off the file, replays the disk into memory, fails the callers.
    private func fail(_ jobs: [CommitJob], _ error: StoreError, refuseLater: Bool) {
        _ = ftruncate(descriptor, off_t(fileSize))
        if refuseLater { refusal = "a disk flush failed (\(error)); restart the server after checking the disk" }
        do {
            let restored = try rollback()
            nextSeq = restored.lastSeq + 1
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

    /// Closes the full segment and starts the next one, recorded in the manifest.
    private func rollSegment() {
        guard let current = segments.last.flatMap(SegmentDirectory.segmentNumber) else { return }
        let name = SegmentDirectory.segmentName(current + 1)
        let path = files.filePath(name)
        let next = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard next >= 0 else { return }
        do {
            try files.syncDirectory()
            try files.writeManifest(segments + [name])
        } catch {
            close(next)
            unlink(path)
            return
        }
        if isDirty { syncQuietly() }
        close(descriptor)
        descriptor = next
        segments.append(name)
        fileSize = 0
    }
}

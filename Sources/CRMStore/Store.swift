import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The storage engine: an append-only log of JSON lines in a data directory, replayed at start into
/// the services' states, written through one group-committing writer.
///
/// ```swift
/// let store = try Store.open(directory: "./data", options: StoreOptions(), states: [contacts])
/// let created = try await store.commit(actor: keyId, requestId: requestId) { context in
///     try contacts.checkUnique(email)                      // runs on the writer, in log order
///     context.append(type: "contact", id: id, op: .put, data: bytes)
///     return id
/// }                                                        // returns once the record is durable
/// ```
public final class Store: Sendable {
    public let directory: String
    /// Warnings from opening (a cut torn tail), for the log.
    public let warnings: [String]
    private let writer: LogWriter
    private let lock: DirectoryLock
    private let locator: RecordLocator
    private let options: StoreOptions
    /// A compaction or backup is running (they take turns: both need the closed files to stay put).
    private let compacting = Mutex(false)
    private let signal: CommitSignal
    /// The outcome of the last automatic compaction (for the log and the admin endpoints).
    private let lastAutomaticCompaction = Mutex<Result<CompactionReport, StoreError>?>(nil)

    private init(directory: String, warnings: [String], writer: LogWriter, lock: DirectoryLock, locator: RecordLocator,
                 options: StoreOptions) {
        self.directory = directory
        self.warnings = warnings
        self.writer = writer
        self.lock = lock
        self.locator = locator
        self.options = options
        self.signal = CommitSignal(acknowledged: writer.lastAcknowledgedSeq)
        writer.signal = signal
    }

    /// Locks the directory (creating it, mode 0700, when missing), replays every segment into
    /// `states`, and starts the writer.
    public static func open(directory: String, options: StoreOptions = StoreOptions(), states: [any StoreState]) throws(StoreError) -> Store {
        try prepare(directory)
        let lock = try DirectoryLock(directory: directory)
        do {
            let files = SegmentDirectory(path: directory)
            var manifest = try files.readManifest()
            if manifest.names.isEmpty {
                manifest.names = [SegmentDirectory.segmentName(1)]
                try FileBytes.writeDurably([], to: files.filePath(manifest.names[0]))
                try files.writeManifest(manifest)
            }
            let segments = manifest.names
            for leftover in files.leftovers(live: segments) { unlink(files.filePath(leftover)) }
            let locator = RecordLocator()
            let replayed = try replay(files: files, segments: segments, states: states, locator: locator)
            let writer = try LogWriter(files: files, options: options, states: states, locator: locator, segments: segments,
                                       droppedThrough: manifest.droppedThrough, fileId: replayed.lastFileId, lastSeq: replayed.lastSeq,
                                       lastTimestamp: replayed.lastTimestamp) { [files] (live: [String]) in
                for state in states { state.reset() }
                locator.reset()
                let again = try replay(files: files, segments: live, states: states, locator: locator)
                return (again.lastSeq, again.lastTimestamp, again.lastFileId)
            }
            let store = Store(directory: directory, warnings: replayed.warnings, writer: writer, lock: lock, locator: locator,
                              options: options)
            writer.onCompactionDue = { [weak store] in
                guard let store else { return }
                Task.detached { await store.compactAutomatically() }
            }
            return store
        } catch {
            lock.release()
            throw error
        }
    }

    /// Runs `build` on the writer against the latest state; returns its value once the records it
    /// appended are durable (under `always`). An error thrown by `build` appends nothing.
    public func commit<Value: Sendable>(actor: String, requestId: String,
                                        _ build: @escaping @Sendable (inout CommitContext) throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let box = ValueBox<Value>()
            writer.submit(CommitJob(actor: actor, requestId: requestId, build: { context in
                box.value = try build(&context)
            }, finish: { error in
                if let error { continuation.resume(throwing: error) } else { continuation.resume(returning: box.value!) }
            }))
        }
    }

    /// Appends records encoded beforehand, in one commit; only in a bulk load (`StoreOptions.bulkLoad`),
    /// whose states and readers do not see records until the store is opened again.
    public func bulkAppend(_ records: EncodedRecords) async throws {
        try await submitBulk(records).wait()
    }

    /// Queues records encoded beforehand for the writer at once, in the order of the calls, and
    /// answers a ticket to wait on; `bulkAppend` without the wait. After a batch fails, every later
    /// one is refused, so the log never holds a batch whose predecessor is missing.
    public func submitBulk(_ records: EncodedRecords) throws(StoreError) -> BulkAppendTicket {
        guard options.bulkLoad else { throw StoreError.notWritable("bulkAppend needs a store opened for a bulk load") }
        let ticket = BulkAppendTicket()
        writer.submit(CommitJob(actor: records.actor, requestId: records.requestId, build: { _ in }, encoded: records,
                                finish: ticket.finish))
        return ticket
    }

    /// Waits until everything a bulk load queued is written and flushed to disk; throws when any of
    /// it could not be (then not all of it is there).
    public func finishBulkLoad() async throws(StoreError) {
        guard options.bulkLoad else { return }
        try await onWriter { [writer] () throws(StoreError) in try writer.flushBulkLoad() }
    }

    /// Why writes are refused, or nil while the store is healthy.
    public var refusal: String? { writer.refusal }

    /// The sequence number of the last acknowledged record (0 for an empty store).
    public var lastSeq: UInt64 { writer.lastAcknowledgedSeq }

    /// Every record of entity `id` still on disk, oldest first (compaction keeps the last one and
    /// those younger than `historyDays`; an erased entity keeps only its tombstone).
    public func versions(of id: String) throws(StoreError) -> [Record] {
        try withRetries { () throws(RecordFileReader.Failure) -> [Record] in
            let acknowledged = writer.lastAcknowledgedSeq
            return try locator.versions(of: id).map { (name, offset) throws(RecordFileReader.Failure) in
                try RecordFileReader.record(at: offset, in: directory + "/" + name)
            }.filter { $0.seq <= acknowledged }
        }
    }

    /// The entity's newest `put` record, or nil when it has none. Unlike `versions(of:)` it is not
    /// limited to acknowledged records: it answers what the states show, and the writer applies a
    /// batch to them just before writing it (such a record is answered from memory).
    public func latestPut(of id: String) throws(StoreError) -> Record? {
        try withRetries { () throws(RecordFileReader.Failure) -> Record? in
            switch locator.latestPut(of: id) {
            case nil: return nil
            case .unwritten(let record): return record
            case .onDisk(let name, let offset): return try RecordFileReader.record(at: offset, in: directory + "/" + name)
            }
        }
    }

    /// `latestPut(of:)` for several entities at once (each file opened once), in the order asked.
    public func latestPuts(of ids: [String]) throws(StoreError) -> [Record?] {
        try withRetries { () throws(RecordFileReader.Failure) -> [Record?] in
            let places = locator.latestPuts(of: ids)
            var onDisk: [(path: String, offset: Int)] = []
            for case .onDisk(let name, let offset)? in places { onDisk.append((directory + "/" + name, offset)) }
            var read = try RecordFileReader.records(at: onDisk).makeIterator()
            return places.map { place -> Record? in
                switch place {
                case nil: return nil
                case .unwritten(let record): return record
                case .onDisk: return read.next()
                }
            }
        }
    }

    /// Visits acknowledged records after `seq` in log order, reading them in chunks, until `visit`
    /// returns false, the log ends, or `budget` records were read. Answers the sequence number of
    /// the last record visited (`seq` when none) and whether the budget ran out.
    public func scanRecords(after seq: UInt64, budget: Int, _ visit: (Record) -> Bool) throws(StoreError)
        -> (lastSeq: UInt64, budgetSpent: Bool) {
        var after = seq
        var scanned = 0
        while scanned < budget {
            let chunk = try records(after: after, limit: min(1_000, budget - scanned))
            guard !chunk.isEmpty else { return (after, false) }
            scanned += chunk.count
            for record in chunk {
                after = record.seq
                if !visit(record) { return (after, false) }
            }
        }
        return (after, true)
    }

    /// What the entity's last record did (from memory, no disk read); nil when the log has none.
    public func lastOperation(of id: String) -> RecordOp? { locator.lastOperation(of: id) }

    /// Up to `limit` acknowledged records with a sequence number above `seq`, in log order.
    public func records(after seq: UInt64, limit: Int) throws(StoreError) -> [Record] {
        try withRetries { () throws(RecordFileReader.Failure) -> [Record] in
            let acknowledged = writer.lastAcknowledgedSeq
            guard seq < acknowledged, limit > 0 else { return [] }
            let start = locator.feedStart(after: seq)
            return try RecordFileReader.records(after: seq, limit: limit, names: start.names, directory: directory, offset: start.offset)
                .prefix { $0.seq <= acknowledged }
        }
    }

    /// Returns once a record with a sequence number above `seq` is acknowledged, or after `timeout`
    /// (long-polling: no busy loop).
    public func waitForCommit(after seq: UInt64, timeout: Duration) async {
        await signal.wait(after: seq, timeout: timeout)
    }

    /// A sequence number to read after (with `records(after:)`) so as to see every record committed
    /// at or after `timestamp` (milliseconds), and perhaps a few before it.
    public func seq(before timestamp: Int64) -> UInt64 { locator.seq(before: timestamp) }

    /// The highest sequence number compaction has dropped: a reader that last saw a record at or
    /// below it may have missed changes (the changes feed answers 410).
    public var droppedThrough: UInt64 { writer.droppedThrough }

    /// Reads again when compaction replaced a file between the lookup and the read.
    private func withRetries<Value>(_ read: () throws(RecordFileReader.Failure) -> Value) throws(StoreError) -> Value {
        for _ in 0..<3 {
            do throws(RecordFileReader.Failure) {
                return try read()
            } catch {
                guard case .damaged(let reason) = error else { continue }
                throw StoreError.unusableDirectory("a log file changed under the server: \(reason)")
            }
        }
        throw .unusableDirectory("the log files kept moving while reading (compaction running?); try again")
    }

    /// How many records the log holds and how many entities are live (for compaction decisions).
    public var recordCounts: (records: Int, liveEntities: Int) {
        let counts = locator.counts
        return (counts.records, counts.live)
    }

    /// Rewrites every closed file into one snapshot (see `Compactor`) while reads and writes go on:
    /// the writer closes the current segment, a background thread writes the snapshot, the writer
    /// switches the manifest, and the old files are deleted. One compaction at a time.
    public func compact() async throws(StoreError) -> CompactionReport {
        try claimMaintenance()
        defer { compacting.withLock { $0 = false } }
        let files = SegmentDirectory(path: directory)
        let closed = try await onWriter { () throws(StoreError) in try self.writer.closeFilesForCompaction() }
        guard !closed.names.isEmpty else {
            return CompactionReport(snapshot: "", filesReplaced: 0, recordsKept: 0, recordsDropped: 0, bytesBefore: 0, bytesAfter: 0)
        }
        let cutoff = Int64(Date().timeIntervalSince1970 * 1000) - Int64(options.historyDays) * 86_400_000
        let compactor = Compactor(files: files, historyCutoff: cutoff, fault: options.compactionFault)
        let output = try await onThread { () throws(StoreError) in try compactor.run(compacting: closed.names, snapshotNumber: closed.snapshotNumber) }
        try await onWriter { () throws(StoreError) in
            try self.writer.switchToSnapshot(output.report.snapshot, replacing: closed.names, droppedThrough: output.droppedThrough)
            self.locator.replace(compacted: Set(closed.names), with: output.report.snapshot, records: output.records)
        }
        compactor.reach(.afterManifestSwitch)
        for name in closed.names { unlink(files.filePath(name)) }
        try? files.syncDirectory()
        return output.report
    }

    /// A consistent copy of the data directory in `destination` while reads and writes go on: the
    /// writer closes the current segment, and the closed files (immutable from then on; compaction
    /// waits meanwhile) are copied with a manifest of their own. The copy holds every record
    /// acknowledged before the backup began; starting `crm serve` on it restores it.
    public func backup(to destination: String) async throws(StoreError) -> BackupReport {
        try claimMaintenance()
        defer { compacting.withLock { $0 = false } }
        try BackupCopier.prepare(destination)
        let closed = try await onWriter { () throws(StoreError) in
            (try self.writer.closeFilesForCompaction().names, self.writer.lastAcknowledgedSeq, self.writer.droppedThrough)
        }
        let files = SegmentDirectory(path: directory)
        let bytes = try await onThread { () throws(StoreError) in
            try BackupCopier.copy(closed.0, from: files, to: destination, droppedThrough: closed.2)
        }
        return BackupReport(destination: destination, files: closed.0, bytes: bytes, throughSeq: closed.1)
    }

    /// Takes the one maintenance slot, or throws when a compaction or backup already holds it.
    private func claimMaintenance() throws(StoreError) {
        let claimed = compacting.withLock { running in
            defer { running = true }
            return !running
        }
        guard claimed else { throw .compactionRunning }
    }

    /// The automatic compaction's outcome, if one ran.
    public var automaticCompaction: Result<CompactionReport, StoreError>? { lastAutomaticCompaction.withLock { $0 } }

    private func compactAutomatically() async {
        let outcome: Result<CompactionReport, StoreError>
        do throws(StoreError) {
            outcome = .success(try await compact())
        } catch .compactionRunning {
            return
        } catch {
            outcome = .failure(error)
        }
        lastAutomaticCompaction.withLock { $0 = outcome }
        switch outcome {
        case .success(let report):
            options.report?("automatic compaction into \(report.snapshot): kept \(report.recordsKept) record(s), dropped "
                + "\(report.recordsDropped); \(report.bytesBefore) → \(report.bytesAfter) bytes")
        case .failure(let error):
            options.report?("automatic compaction failed: \(error)")
        }
    }

    private func onWriter<Value: Sendable>(_ body: @escaping @Sendable () throws(StoreError) -> Value) async throws(StoreError) -> Value {
        let result: Result<Value, StoreError> = await withCheckedContinuation { continuation in
            writer.control {
                do throws(StoreError) { continuation.resume(returning: .success(try body())) } catch { continuation.resume(returning: .failure(error)) }
            }
        }
        return try result.get()
    }

    /// Blocking file work on a thread of its own, never on the cooperative pool.
    private func onThread<Value: Sendable>(_ body: @escaping @Sendable () throws(StoreError) -> Value) async throws(StoreError) -> Value {
        let result: Result<Value, StoreError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                do throws(StoreError) { continuation.resume(returning: .success(try body())) } catch { continuation.resume(returning: .failure(error)) }
            }
            thread.name = "crm.store.compactor"
            thread.start()
        }
        return try result.get()
    }

    /// Finishes queued commits, flushes, and releases the directory.
    public func close() {
        writer.stop()
        lock.release()
    }

    private static func prepare(_ directory: String) throws(StoreError) {
        var info = stat()
        if stat(directory, &info) != 0 {
            guard mkdirWithParents(directory) else {
                throw .unusableDirectory("cannot create the data directory \(directory): \(SystemError.text(errno))")
            }
        } else if (info.st_mode & S_IFMT) != S_IFDIR {
            throw .unusableDirectory("\(directory) exists but is not a directory")
        }
        guard access(directory, W_OK | X_OK) == 0 else {
            throw .unusableDirectory("the data directory \(directory) is not writable by this user")
        }
    }

    private static func mkdirWithParents(_ path: String) -> Bool {
        var built = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            built += "/" + part
            if mkdir(built, 0o700) != 0 && errno != EEXIST { return false }
        }
        return true
    }

    /// Replays every segment into the states. Two cores share it: a reader thread reads, checks and
    /// decodes lines and lets each state `prepare` a batch, while this thread locates the records and
    /// applies them in log order, a few batches behind (start-up of a million seeded contacts was one
    /// core's work).
    static func replay(files: SegmentDirectory, segments: [String], states: [any StoreState], locator: RecordLocator) throws(StoreError)
        -> (lastSeq: UInt64, lastTimestamp: Int64, lastFileId: UInt32, warnings: [String]) {
        let batches = ReplayQueue()
        // Its own thread, not the global pool: a rollback replays on the writer thread while the
        // server runs, and pool threads may be waiting for that writer.
        let reader = Thread {
            for (position, name) in segments.enumerated() {
                batches.put(.segment(name))
                do throws(StoreError) {
                    let outcome = try LogReader.replay(files.filePath(name), isLastSegment: position == segments.count - 1) { records, offsets in
                        batches.put(.records(records, offsets, states.map { $0.prepare(records) }))
                    }
                    batches.put(.finished(outcome))
                } catch {
                    batches.put(.failed(error))
                    return
                }
            }
        }
        reader.name = "crm.replay"
        reader.start()
        var lastSeq: UInt64 = 0
        var lastTimestamp: Int64 = 0
        var warnings: [String] = []
        var fileId: UInt32 = 0
        var finished = 0
        while finished < segments.count {
            switch batches.take() {
            case .segment(let name):
                fileId = locator.addFile(name)
            case .records(let records, let offsets, let prepared):
                locator.add(records, offsets: offsets, file: fileId)
                for (state, prepared) in zip(states, prepared) { state.apply(records, prepared: prepared) }
            case .finished(let outcome):
                if outcome.lastSeq > 0 {
                    lastSeq = outcome.lastSeq
                    lastTimestamp = outcome.lastTimestamp
                }
                if let warning = outcome.warning { warnings.append(warning) }
                finished += 1
            case .failed(let error):
                throw error
            }
        }
        return (lastSeq, lastTimestamp, fileId, warnings)
    }
}

/// Carries a commit closure's value from the writer thread to the resumed caller.
private final class ValueBox<Value>: @unchecked Sendable {
    var value: Value?
}

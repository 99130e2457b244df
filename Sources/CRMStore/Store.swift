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

    private init(directory: String, warnings: [String], writer: LogWriter, lock: DirectoryLock) {
        self.directory = directory
        self.warnings = warnings
        self.writer = writer
        self.lock = lock
    }

    /// Locks the directory (creating it, mode 0700, when missing), replays every segment into
    /// `states`, and starts the writer.
    public static func open(directory: String, options: StoreOptions = StoreOptions(), states: [any StoreState]) throws(StoreError) -> Store {
        try prepare(directory)
        let lock = try DirectoryLock(directory: directory)
        do {
            let files = SegmentDirectory(path: directory)
            var segments = try files.readManifest()
            if segments.isEmpty {
                segments = [SegmentDirectory.segmentName(1)]
                try FileBytes.writeDurably([], to: files.filePath(segments[0]))
                try files.writeManifest(segments)
            }
            let replayed = try replay(files: files, segments: segments, states: states)
            let writer = try LogWriter(files: files, options: options, states: states, segments: segments,
                                       lastSeq: replayed.lastSeq, lastTimestamp: replayed.lastTimestamp) {
                for state in states { state.reset() }
                let again = try replay(files: files, segments: segments, states: states)
                return (again.lastSeq, again.lastTimestamp)
            }
            return Store(directory: directory, warnings: replayed.warnings, writer: writer, lock: lock)
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

    /// Why writes are refused, or nil while the store is healthy.
    public var refusal: String? { writer.refusal }

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

    static func replay(files: SegmentDirectory, segments: [String], states: [any StoreState]) throws(StoreError)
        -> (lastSeq: UInt64, lastTimestamp: Int64, warnings: [String]) {
        var lastSeq: UInt64 = 0
        var lastTimestamp: Int64 = 0
        var warnings: [String] = []
        for (position, name) in segments.enumerated() {
            let outcome = try LogReader.replay(files.filePath(name), isLastSegment: position == segments.count - 1) { records in
                for state in states { state.apply(records) }
            }
            if outcome.lastSeq > 0 {
                lastSeq = outcome.lastSeq
                lastTimestamp = outcome.lastTimestamp
            }
            if let warning = outcome.warning { warnings.append(warning) }
        }
        return (lastSeq, lastTimestamp, warnings)
    }
}

/// Carries a commit closure's value from the writer thread to the resumed caller.
private final class ValueBox<Value>: @unchecked Sendable {
    var value: Value?
}

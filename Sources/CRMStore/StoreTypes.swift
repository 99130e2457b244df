/// When the log reaches the disk (SPEC §5).
public enum FsyncPolicy: String, Sendable {
    /// Acknowledge only after fdatasync; concurrent writers share one (group commit).
    case always
    /// Acknowledge after write(2); fdatasync at most every second (≤ ~1 s lost on power cut).
    case interval
    /// Leave it to the OS.
    case none
}

/// How a store behaves; defaults in the comments.
public struct StoreOptions: Sendable {
    public var fsync: FsyncPolicy = .always
    /// A segment is closed and a new one started past this size (64 MiB).
    public var segmentBytes: Int = 64 * 1024 * 1024
    /// Compaction keeps every record younger than this many days (history, changes feed, audit).
    public var historyDays: Int = 90
    /// Automatic compaction waits until the log holds at least this many records.
    public var autoCompactMinRecords: Int = 100_000
    /// Told how long each fdatasync of the log took (the server's fsync latency histogram).
    public var onFlush: (@Sendable (Duration) -> Void)?
    /// Where the store reports what it did on its own (automatic compaction); the server logs it.
    public var report: (@Sendable (String) -> Void)?
    /// An offline bulk load (`crm seed`): nothing reads the store while it is open, so the writer
    /// neither locates the records it writes (`versions(of:)`, `latestPut(of:)` and the changes
    /// feed do not see them until the next open) nor starts automatic compaction. Locating a
    /// seeded million contacts with their records was a quarter of the writer's time.
    public var bulkLoad = false
    /// Tests only: the process dies (`_exit`) when compaction reaches this step.
    public var compactionFault: CompactionStep?
    public init() {}
}

/// The in-memory state of one service, rebuilt from the log: every record goes through `apply`,
/// at replay and for live writes alike (the same code path), in commit order.
public protocol StoreState: AnyObject, Sendable {
    /// Applies the records of one commit together (readers should see all or none of them).
    func apply(_ records: [Record])
    /// Forgets everything (before a replay that rolls memory back after a failed write).
    func reset()
    /// Decodes what applying `records` needs without touching the state (replay runs it on another
    /// core, a batch ahead of `apply(_:prepared:)`); nil when there is nothing worth doing ahead.
    func prepare(_ records: [Record]) -> (any Sendable)?
    /// Applies `records` with what `prepare` made of them.
    func apply(_ records: [Record], prepared: (any Sendable)?)
}

extension StoreState {
    public func prepare(_ records: [Record]) -> (any Sendable)? { nil }
    public func apply(_ records: [Record], prepared: (any Sendable)?) { apply(records) }
}

/// What a commit's closure builds: the records of one change, checked against the latest state.
public struct CommitContext {
    /// Milliseconds since the epoch, shared by every record of the batch (never decreasing).
    public let timestamp: Int64
    let actor: String
    let requestId: String
    var nextSeq: UInt64
    var records: [Record] = []

    public mutating func append(type: String, id: String, op: RecordOp, data: [UInt8]) {
        records.append(Record(seq: nextSeq, timestamp: timestamp, type: type, id: id, op: op,
                              actor: actor, requestId: requestId, data: data))
        nextSeq += 1
    }
}

/// Why the store refused or failed.
public enum StoreError: Swift.Error, CustomStringConvertible, Sendable {
    case locked(String)
    case unusableDirectory(String)
    case corrupted(file: String, line: Int, reason: String)
    case writeFailed(String)
    case notWritable(String)
    /// A compaction or a backup is already running (they take turns).
    case compactionRunning
    /// A commit built a record whose data is not one JSON value on one line (a bug in its caller);
    /// nothing of that commit was written.
    case invalidRecord(String)

    public var description: String {
        switch self {
        case .locked(let directory):
            return "the data directory \(directory) is in use by another crm process (its LOCK is held)"
        case .unusableDirectory(let reason): return reason
        case .corrupted(let file, let line, let reason):
            return "\(file) line \(line) is damaged (\(reason)); run `crm check --repair` to drop damaged records after a backup copy"
        case .writeFailed(let reason): return "the write did not reach the disk: \(reason)"
        case .notWritable(let reason): return "the store refuses writes: \(reason)"
        case .compactionRunning: return "a compaction or backup is already running"
        case .invalidRecord(let reason): return "refused to write an unreadable record: \(reason)"
        }
    }
}

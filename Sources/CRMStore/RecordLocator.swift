import Synchronization

/// The on-disk index of the log: for every entity id the locations of its records (its versions),
/// a sparse seq → location table for reading everything after a sequence number (the changes feed,
/// the audit trail), and the counts that tell when compaction pays off. Kept current by replay and
/// by the writer; read by any thread.
///
/// Ids are assumed unique across entity types (every id carries its type's prefix).
final class RecordLocator: Sendable {
    /// One sparse entry per this many records (and one at the start of every file).
    static let feedStride = 64

    struct Tables: Sendable {
        var files: [UInt32: String] = [:]
        /// File ids in log order (the manifest's order).
        var order: [UInt32] = []
        var nextFileId: UInt32 = 1
        /// Entity id → its records' locations (ids packed where they can be: see `EntityKey`).
        var byId = EntityTable()
        var versionLists = EntityVersionLists()
        var feed: [(seq: UInt64, timestamp: Int64, location: RecordLocation)] = []
        var recordsSinceFeedEntry = RecordLocator.feedStride
        var recordCount = 0
        /// Entities whose last record is a put (what compaction keeps whatever its age).
        var liveCount = 0
        /// Puts the states have applied that the writer has not written yet (see `hold`).
        var unwritten = UnwrittenPuts()
    }

    /// Where an entity's newest put is: still in the writer's hands, or on disk.
    enum LatestPut {
        case unwritten(Record)
        case onDisk(name: String, offset: Int)
    }

    private let tables = Mutex(Tables())

    /// Registers a file at the end of the log order; returns its id.
    func addFile(_ name: String) -> UInt32 {
        tables.withLock { tables in
            let id = tables.nextFileId
            tables.nextFileId += 1
            tables.files[id] = name
            tables.order.append(id)
            tables.recordsSinceFeedEntry = RecordLocator.feedStride
            return id
        }
    }

    /// Puts the writer is about to apply to the states, before it writes them: the states show a
    /// batch before it reaches the file, so `latestPut` answers from here until `add` locates them.
    func hold(_ records: [Record]) {
        tables.withLock { tables in
            tables.unwritten.hold(records)
        }
    }

    /// Records appended to `file` at the given line offsets (the held batch is among them: nothing
    /// stays held).
    func add(_ records: [Record], offsets: [Int], file: UInt32) {
        add([records], offsets: offsets, file: file)
    }

    /// `add` for the records of several commits, in order (`offsets` runs over all of them).
    func add(_ commits: [[Record]], offsets: [Int], file: UInt32) {
        tables.withLock { tables in
            if !tables.unwritten.isEmpty { tables.unwritten.release() }
            var next = 0
            for records in commits {
                for record in records {
                    tables.add(id: EntityKey(record.id), seq: record.seq, timestamp: record.timestamp,
                               location: RecordLocation(file: file, offset: offsets[next], op: record.op))
                    next += 1
                }
            }
        }
    }

    func reset() {
        tables.withLock { $0 = Tables() }
    }

    /// The locations of one entity's records, oldest first, with the file paths to read them from.
    func versions(of id: String) -> [(name: String, offset: Int)] {
        tables.withLock { tables in
            (tables.byId[EntityKey(id)].map(tables.versionLists.all) ?? []).compactMap { location in tables.files[location.file].map { ($0, location.offset) } }
        }
    }

    /// The entity's newest put, held or on disk; nil when it has none.
    func latestPut(of id: String) -> LatestPut? {
        tables.withLock { $0.latestPut(of: id) }
    }

    /// `latestPut(of:)` of each id, under one lock.
    func latestPuts(of ids: [String]) -> [LatestPut?] {
        tables.withLock { tables in ids.map { tables.latestPut(of: $0) } }
    }

    /// Where to start reading for records with a sequence number above `seq`: the files in log order
    /// from the first one to read, and the offset in that first file.
    func feedStart(after seq: UInt64) -> (names: [String], offset: Int) {
        tables.withLock { tables in
            var low = 0
            var high = tables.feed.count
            while low < high {
                let middle = (low + high) / 2
                if tables.feed[middle].seq <= seq + 1 { low = middle + 1 } else { high = middle }
            }
            guard low > 0 else { return (tables.order.compactMap { tables.files[$0] }, 0) }
            let start = tables.feed[low - 1].location
            let position = tables.order.firstIndex(of: start.file) ?? 0
            return (tables.order[position...].compactMap { tables.files[$0] }, start.offset)
        }
    }

    /// The sequence number to read after so as to see every record from `timestamp` on (records are
    /// in time order; the answer may start up to one stride early).
    func seq(before timestamp: Int64) -> UInt64 {
        tables.withLock { tables in
            var low = 0
            var high = tables.feed.count
            while low < high {
                let middle = (low + high) / 2
                if tables.feed[middle].timestamp < timestamp { low = middle + 1 } else { high = middle }
            }
            guard low > 0 else { return 0 }
            return tables.feed[low - 1].seq - 1
        }
    }

    /// The op of the entity's last record, or nil when the log has none.
    func lastOperation(of id: String) -> RecordOp? {
        tables.withLock { tables in tables.byId[EntityKey(id)].map { tables.versionLists.last($0).op } }
    }

    var counts: (records: Int, live: Int) {
        tables.withLock { ($0.recordCount, $0.liveCount) }
    }

    /// After compaction: forgets every location in `compacted` files and puts the snapshot's records
    /// (all older than anything left) in front, with the snapshot first in the log order.
    func replace(compacted names: Set<String>, with snapshot: String,
                 records: [(id: String, seq: UInt64, timestamp: Int64, op: RecordOp, offset: Int)]) {
        tables.withLock { tables in
            let dropped = Set(tables.files.compactMap { names.contains($0.value) ? $0.key : nil })
            var rebuilt = Tables()
            rebuilt.nextFileId = tables.nextFileId + 1
            let snapshotId = tables.nextFileId
            rebuilt.files[snapshotId] = snapshot
            rebuilt.order = [snapshotId]
            for record in records {
                rebuilt.add(id: EntityKey(record.id), seq: record.seq, timestamp: record.timestamp,
                            location: RecordLocation(file: snapshotId, offset: record.offset, op: record.op))
            }
            for file in tables.order where !dropped.contains(file) {
                rebuilt.files[file] = tables.files[file]
                rebuilt.order.append(file)
            }
            rebuilt.recordsSinceFeedEntry = RecordLocator.feedStride
            rebuilt.unwritten = tables.unwritten
            let kept = tables.feed.filter { !dropped.contains($0.location.file) }
            rebuilt.feed.append(contentsOf: kept)
            var keptLocations = 0
            tables.byId.forEach { id, versions in
                for location in tables.versionLists.all(versions) where !dropped.contains(location.file) {
                    rebuilt.appendLocation(id: id, location: location)
                    keptLocations += 1
                }
            }
            rebuilt.recordCount = records.count + keptLocations
            tables = rebuilt
        }
    }
}

extension RecordLocator.Tables {
    mutating func latestPut(of id: String) -> RecordLocator.LatestPut? {
        if let record = unwritten.newest(of: id) { return .unwritten(record) }
        guard let versions = byId[EntityKey(id)] else { return nil }
        let location: RecordLocation?
        if let only = versions.only {
            location = only.op == .put ? only : nil
        } else {
            location = versionLists.all(versions).last { $0.op == .put }
        }
        guard let location, let name = files[location.file] else { return nil }
        return .onDisk(name: name, offset: location.offset)
    }

    mutating func add(id: EntityKey, seq: UInt64, timestamp: Int64, location: RecordLocation) {
        if recordsSinceFeedEntry >= RecordLocator.feedStride {
            feed.append((seq, timestamp, location))
            recordsSinceFeedEntry = 0
        }
        recordsSinceFeedEntry += 1
        recordCount += 1
        appendLocation(id: id, location: location)
    }

    /// Adds a location to an entity, keeping `liveCount` in step with its last op.
    mutating func appendLocation(id: EntityKey, location: RecordLocation) {
        let wasLive = byId.update(id) { versions -> Bool in
            guard let current = versions else {
                versions = EntityVersions(only: location)
                return false
            }
            versions = versionLists.appending(location, to: current)
            return versionLists.last(current).op == .put
        }
        if wasLive { liveCount -= 1 }
        if location.op == .put { liveCount += 1 }
    }
}

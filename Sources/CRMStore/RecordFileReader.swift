#if canImport(Glibc)
import Glibc
#endif

/// Reads records back from log files at known offsets: one record (a version in an entity's
/// history) or a run of records in log order (the changes feed). Positioned reads (`pread`), so
/// reading never disturbs the writer.
enum RecordFileReader {
    enum Failure: Swift.Error {
        /// The file is gone (compaction replaced it): look the location up again.
        case moved
        case damaged(String)
    }

    /// The record whose line starts at `offset` in `path`.
    static func record(at offset: Int, in path: String) throws(Failure) -> Record {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .moved }
        defer { close(descriptor) }
        return try record(at: offset, descriptor: descriptor, path: path)
    }

    /// Records at the given places, each file opened once.
    static func records(at places: [(path: String, offset: Int)]) throws(Failure) -> [Record] {
        var descriptors: [String: Int32] = [:]
        defer { for descriptor in descriptors.values { close(descriptor) } }
        var found: [Record] = []
        found.reserveCapacity(places.count)
        for place in places {
            let descriptor: Int32
            if let open = descriptors[place.path] {
                descriptor = open
            } else {
                descriptor = open(place.path, O_RDONLY | O_CLOEXEC)
                guard descriptor >= 0 else { throw .moved }
                descriptors[place.path] = descriptor
            }
            found.append(try record(at: place.offset, descriptor: descriptor, path: place.path))
        }
        return found
    }

    private static func record(at offset: Int, descriptor: Int32, path: String) throws(Failure) -> Record {
        var line: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 2048)
        var position = offset
        while true {
            let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(position)) }
            guard count > 0 else { throw .damaged("\(path) ends inside the record at byte \(offset)") }
            if let newline = chunk[0..<count].firstIndex(of: UInt8(ascii: "\n")) {
                line.append(contentsOf: chunk[0..<newline])
                break
            }
            line.append(contentsOf: chunk[0..<count])
            position += count
        }
        return try decode(line, path: path, offset: offset)
    }

    /// Up to `limit` records with a sequence number above `seq`, reading `names` in order from
    /// `offset` in the first one.
    static func records(after seq: UInt64, limit: Int, names: [String], directory: String, offset: Int) throws(Failure) -> [Record] {
        var found: [Record] = []
        var start = offset
        for name in names {
            let path = directory + "/" + name
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw .moved }
            defer { close(descriptor) }
            var pending: [UInt8] = []
            var position = start
            var chunk = [UInt8](repeating: 0, count: 256 * 1024)
            reading: while found.count < limit {
                let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(position)) }
                guard count > 0 else { break }
                position += count
                var lineStart = 0
                while let newline = chunk[lineStart..<count].firstIndex(of: UInt8(ascii: "\n")) {
                    let line = pending.isEmpty ? Array(chunk[lineStart..<newline]) : pending + chunk[lineStart..<newline]
                    pending.removeAll(keepingCapacity: true)
                    let record = try decode(line, path: path, offset: position - count + lineStart)
                    lineStart = newline + 1
                    if record.seq > seq {
                        found.append(record)
                        if found.count == limit { break reading }
                    }
                }
                pending.append(contentsOf: chunk[lineStart..<count])
            }
            if found.count == limit { break }
            start = 0
        }
        return found
    }

    private static func decode(_ line: [UInt8], path: String, offset: Int) throws(Failure) -> Record {
        do {
            return try line.withUnsafeBufferPointer { buffer throws(RecordCodec.Malformed) in try RecordCodec.decode(buffer) }
        } catch {
            throw .damaged("\(path) at byte \(offset): \(error.reason)")
        }
    }
}

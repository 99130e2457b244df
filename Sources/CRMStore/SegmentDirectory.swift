#if canImport(Glibc)
import Glibc
#endif

/// The files of a data directory: numbered segments `log-00000001.jsonl` and at most one snapshot
/// `snap-0000000N.jsonl` (written by compaction; it holds what was kept of segments 1…N, in the same
/// line format), named in order by the `MANIFEST` (one file name per line, written to a temp file,
/// fsynced, renamed, directory fsynced). A name's number only grows, so no name is ever reused.
struct SegmentDirectory {
    let path: String

    static func segmentName(_ number: Int) -> String { numbered("log-", number) }

    static func snapshotName(_ number: Int) -> String { numbered("snap-", number) }

    private static func numbered(_ prefix: String, _ number: Int) -> String {
        let digits = String(number)
        return prefix + String(repeating: "0", count: max(0, 8 - digits.count)) + digits + ".jsonl"
    }

    /// The number of a segment or snapshot name; nil for any other file.
    static func segmentNumber(_ name: String) -> Int? {
        guard name.hasSuffix(".jsonl") else { return nil }
        if name.hasPrefix("log-") { return Int(name.dropFirst(4).dropLast(6)) }
        if name.hasPrefix("snap-") { return Int(name.dropFirst(5).dropLast(6)) }
        return nil
    }

    /// Files that an interrupted compaction or segment roll left behind: segments and snapshots the
    /// manifest does not name, and temp files. Damaged-tail copies (`.broken`) and backups stay.
    func leftovers(live: [String]) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            let isOrphan = SegmentDirectory.segmentNumber(name) != nil && !live.contains(name)
            if isOrphan || name.hasSuffix(".jsonl.tmp") || name == "MANIFEST.tmp" { names.append(name) }
        }
        return names.sorted()
    }

    func filePath(_ name: String) -> String { path + "/" + name }

    /// What the manifest says: the live files in order (none for a new directory), and the highest
    /// sequence number a compaction has dropped (a `#dropped-through N` line; 0 when none has).
    struct Manifest: Equatable {
        var names: [String]
        var droppedThrough: UInt64 = 0
    }

    func readManifest() throws(StoreError) -> Manifest {
        guard let bytes = FileBytes.read(filePath("MANIFEST")) else { return Manifest(names: []) }
        var manifest = Manifest(names: [])
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init) {
            if line.hasPrefix("#dropped-through "), let seq = UInt64(line.dropFirst(17)) {
                manifest.droppedThrough = seq
            } else if SegmentDirectory.segmentNumber(line) != nil {
                manifest.names.append(line)
            } else {
                throw .unusableDirectory("MANIFEST in \(path) names an unknown file '\(line)'")
            }
        }
        return manifest
    }

    func writeManifest(_ manifest: Manifest) throws(StoreError) {
        let temporary = filePath("MANIFEST.tmp")
        var text = manifest.names.joined(separator: "\n") + "\n"
        if manifest.droppedThrough > 0 { text += "#dropped-through \(manifest.droppedThrough)\n" }
        try FileBytes.writeDurably(Array(text.utf8), to: temporary)
        guard rename(temporary, filePath("MANIFEST")) == 0 else {
            throw .writeFailed("cannot rename the manifest: \(SystemError.text(errno))")
        }
        try syncDirectory()
    }

    /// fsync of the directory itself, after creating or renaming files in it.
    func syncDirectory() throws(StoreError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .writeFailed("cannot open \(path): \(SystemError.text(errno))") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw .writeFailed("cannot fsync \(path): \(SystemError.text(errno))") }
    }
}

/// Whole-file reads and durable writes with plain system calls.
enum FileBytes {
    static func read(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if count <= 0 { break }
            offset += count
        }
        return offset == bytes.count ? bytes : Array(bytes[0..<offset])
    }

    static func writeDurably(_ bytes: [UInt8], to path: String, append: Bool = false) throws(StoreError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0o600)
        guard descriptor >= 0 else { throw .writeFailed("cannot open \(path): \(SystemError.text(errno))") }
        defer { close(descriptor) }
        try writeAll(bytes, to: descriptor, path: path)
        guard fsync(descriptor) == 0 else { throw .writeFailed("cannot fsync \(path): \(SystemError.text(errno))") }
    }

    static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(StoreError) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw .writeFailed("cannot write \(path): \(SystemError.text(errno))") }
            offset += count
        }
    }
}

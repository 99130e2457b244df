#if canImport(Glibc)
import Glibc
#endif

/// The files of a data directory: numbered segments `log-00000001.jsonl`, named in order by the
/// `MANIFEST` (one file name per line, written to a temp file, fsynced, renamed, directory fsynced).
struct SegmentDirectory {
    let path: String

    static func segmentName(_ number: Int) -> String {
        let digits = String(number)
        return "log-" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits + ".jsonl"
    }

    static func segmentNumber(_ name: String) -> Int? {
        guard name.hasPrefix("log-"), name.hasSuffix(".jsonl") else { return nil }
        return Int(name.dropFirst(4).dropLast(6))
    }

    func filePath(_ name: String) -> String { path + "/" + name }

    /// The live files in order; an empty list for a new directory.
    func readManifest() throws(StoreError) -> [String] {
        guard let bytes = FileBytes.read(filePath("MANIFEST")) else { return [] }
        let names = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        for name in names where SegmentDirectory.segmentNumber(name) == nil {
            throw .unusableDirectory("MANIFEST in \(path) names an unknown file '\(name)'")
        }
        return names
    }

    func writeManifest(_ names: [String]) throws(StoreError) {
        let temporary = filePath("MANIFEST.tmp")
        try FileBytes.writeDurably(Array((names.joined(separator: "\n") + "\n").utf8), to: temporary)
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

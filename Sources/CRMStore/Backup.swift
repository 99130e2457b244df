import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a backup wrote.
public struct BackupReport: Sendable, Equatable {
    public var destination: String
    public var files: [String]
    public var bytes: Int
    /// Every record up to this sequence number is in the copy.
    public var throughSeq: UInt64
}

/// Copies closed log files into a new directory that `crm serve` can start on as it is.
enum BackupCopier {
    /// The destination must not exist yet, or be an empty directory; it is created with mode 0700.
    static func prepare(_ destination: String) throws(StoreError) {
        var info = stat()
        if stat(destination, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR, let entries = try? FileManager.default.contentsOfDirectory(atPath: destination),
                  entries.isEmpty else {
                throw .unusableDirectory("the backup destination \(destination) exists and is not an empty directory")
            }
        } else if mkdir(destination, 0o700) != 0 {
            throw .unusableDirectory("cannot create the backup destination \(destination): \(SystemError.text(errno))")
        }
    }

    static func copy(_ names: [String], from source: SegmentDirectory, to destination: String, droppedThrough: UInt64) throws(StoreError) -> Int {
        var total = 0
        for name in names {
            total += try copyFile(source.filePath(name), to: destination + "/" + name)
        }
        let target = SegmentDirectory(path: destination)
        try target.writeManifest(SegmentDirectory.Manifest(names: names, droppedThrough: droppedThrough))
        return total
    }

    private static func copyFile(_ from: String, to: String) throws(StoreError) -> Int {
        let input = open(from, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw .unusableDirectory("cannot read \(from): \(SystemError.text(errno))") }
        defer { close(input) }
        let output = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw .writeFailed("cannot create \(to): \(SystemError.text(errno))") }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var total = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw .unusableDirectory("cannot read \(from): \(SystemError.text(errno))") }
            if count == 0 { break }
            try FileBytes.writeAll(Array(buffer[0..<count]), to: output, path: to)
            total += count
        }
        guard fsync(output) == 0 else { throw .writeFailed("cannot fsync \(to): \(SystemError.text(errno))") }
        return total
    }
}

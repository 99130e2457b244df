import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Offline verification and repair of a data directory (`crm check [--repair]`): every line of every
/// live file is decoded and its checksum and sequence number checked. Repair copies each damaged
/// file to `<file>.damaged-<unix seconds>` first, then rewrites it without the bad lines (temp file,
/// fsync, rename, directory fsync). Takes the directory lock, so it never runs beside a server.
public enum StoreCheck {
    public struct Damage: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var reason: String
        /// The damaged bytes, as a short printable preview.
        public var preview: String

        public var description: String { "\(file) line \(line): \(reason) — \(preview)" }
    }

    public struct Report: Sendable {
        public var files: [String] = []
        public var records = 0
        public var damages: [Damage] = []
        /// Backup copies written by a repair.
        public var backups: [String] = []
        public var isClean: Bool { damages.isEmpty }
    }

    public static func run(directory: String, repair: Bool) throws(StoreError) -> Report {
        var info = stat()
        guard stat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw .unusableDirectory("\(directory) is not a data directory")
        }
        let lock = try DirectoryLock(directory: directory)
        defer { lock.release() }
        let files = SegmentDirectory(path: directory)
        var report = Report()
        report.files = try files.readManifest().names
        var lastSeq: UInt64 = 0
        for name in report.files {
            let path = files.filePath(name)
            guard let bytes = FileBytes.read(path) else { throw .unusableDirectory("cannot read \(path): \(SystemError.text(errno))") }
            let scan = scan(bytes, name: name, lastSeq: &lastSeq)
            report.records += scan.kept.count
            report.damages += scan.damages
            if repair && !scan.damages.isEmpty {
                report.backups.append(try rewrite(path, original: bytes, keeping: scan.kept))
            }
        }
        return report
    }

    private static func scan(_ bytes: [UInt8], name: String, lastSeq: inout UInt64) -> (kept: [Range<Int>], damages: [Damage]) {
        var kept: [Range<Int>] = []
        var damages: [Damage] = []
        bytes.withUnsafeBufferPointer { buffer in
            LogLines.forEach(buffer) { line in
                let reason: String?
                switch line.record {
                case .success(let record) where record.seq > lastSeq:
                    lastSeq = record.seq
                    reason = nil
                case .success:
                    reason = "sequence number goes back"
                case .failure(let error):
                    reason = line.hasNewline ? error.reason : "no newline at the end (torn write)"
                }
                if let reason {
                    let preview = String(decoding: buffer[line.start..<min(line.end, line.start + 60)], as: UTF8.self)
                        .map { $0.isASCII && !$0.isNewline && $0 != "\0" ? String($0) : "·" }.joined()
                    damages.append(Damage(file: name, line: line.number, reason: reason, preview: preview))
                } else {
                    kept.append(line.start..<(line.end + 1))
                }
                return true
            }
        }
        return (kept, damages)
    }

    private static func rewrite(_ path: String, original: [UInt8], keeping kept: [Range<Int>]) throws(StoreError) -> String {
        let backup = path + ".damaged-\(Int(Date().timeIntervalSince1970))"
        try FileBytes.writeDurably(original, to: backup)
        var repaired: [UInt8] = []
        repaired.reserveCapacity(original.count)
        for range in kept { repaired.append(contentsOf: original[range]) }
        try FileBytes.writeDurably(repaired, to: path + ".tmp")
        guard rename(path + ".tmp", path) == 0 else { throw .writeFailed("cannot replace \(path): \(SystemError.text(errno))") }
        let slash = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        try SegmentDirectory(path: slash).syncDirectory()
        return backup
    }
}

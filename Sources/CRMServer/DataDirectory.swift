import Foundation

/// Prepares the data directory and the bootstrap admin key (SPEC §4, §6).
enum DataDirectory {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Creates the directory (with parents, mode 0700) when missing and checks it is writable.
    static func prepare(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw Failure(description: "data directory \(path) exists but is not a directory") }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw Failure(description: "cannot create data directory \(path): \(error.localizedDescription)")
            }
        }
        guard access(path, W_OK | X_OK) == 0 else {
            throw Failure(description: "data directory \(path) is not writable by this user")
        }
    }

    /// The admin key: `CRM_ADMIN_KEY`, else the one generated on the first start (`admin.key`), else a
    /// new one written to `admin.key` (0600) and announced once.
    static func adminKey(in path: String, configured: String?, announce: (String) -> Void) throws -> String {
        if let configured { return configured }
        let file = (path as NSString).appendingPathComponent("admin.key")
        if let saved = try? String(contentsOfFile: file, encoding: .utf8) {
            let key = saved.trimmingCharacters(in: .whitespacesAndNewlines)
            if !key.isEmpty { return key }
        }
        let key = KeyFactory.make()
        let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure(description: "cannot write \(file): \(String(cString: strerror(errno)))") }
        let line = Array((key + "\n").utf8)
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        fsync(descriptor)
        close(descriptor)
        guard written == line.count else { throw Failure(description: "cannot write \(file)") }
        announce(key)
        return key
    }
}

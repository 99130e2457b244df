import ArgumentParser
import CRMStore
import Foundation

/// `crm backup <dest>`: a consistent copy of a data directory. When no server holds the directory,
/// the copy is made directly; when one does (its lock is taken), the running server is asked to
/// make it (`POST /v1/admin/backup`) with the admin key. Restoring is starting `crm serve` on the copy.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy a data directory consistently, even while the server runs (restore = serve from the copy)."
    )

    @Argument(help: "A new (or empty) directory for the copy; an absolute path when the server makes it.")
    var destination: String
    @OptionGroup var directory: DataDirectoryOption
    @Option(help: "Where the running server listens, if it holds the directory. [default 127.0.0.1:8080]")
    var server = "127.0.0.1:8080"

    func run() async throws {
        let target = destination.hasPrefix("/") ? destination : FileManager.default.currentDirectoryPath + "/" + destination
        do throws(StoreError) {
            let store = try Store.open(directory: directory.path, states: [])
            defer { store.close() }
            let report = try await store.backup(to: target)
            print("backed up \(report.files.count) file(s), \(report.bytes) bytes, through record \(report.throughSeq), into \(report.destination)")
        } catch .locked {
            try askServer(target)
        } catch {
            printError("crm backup: \(error)")
            throw ExitCode(2)
        }
    }

    /// The directory is in use: the server makes the copy.
    private func askServer(_ target: String) throws {
        let environment = ProcessInfo.processInfo.environment
        let keyFile = directory.path + "/admin.key"
        guard let key = environment["CRM_ADMIN_KEY"].flatMap({ $0.isEmpty ? nil : $0 })
            ?? (try? String(contentsOfFile: keyFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) else {
            printError("crm backup: a server holds \(directory.path); set CRM_ADMIN_KEY (or keep \(keyFile)) so it can be asked to back up")
            throw ExitCode(2)
        }
        let parts = server.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1]) else { throw ValidationError("--server must be host:port") }
        let escaped = target.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let answer: (status: Int, body: String)
        do {
            answer = try AdminClient.post(host: String(parts[0]), port: port, path: "/v1/admin/backup", key: key,
                                          json: #"{"destination":"\#(escaped)"}"#)
        } catch {
            printError("crm backup: \(error)")
            throw ExitCode(2)
        }
        guard answer.status == 200 else {
            printError("crm backup: the server answered \(answer.status): \(answer.body)")
            throw ExitCode(1)
        }
        print("the running server backed up into \(target): \(answer.body)")
    }
}

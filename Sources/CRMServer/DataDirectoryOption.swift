import ArgumentParser
import CRMStore
import Foundation

/// `--data-dir` for the commands that work on a data directory offline (`check`, `compact`).
struct DataDirectoryOption: ParsableArguments {
    @Option(help: "Data directory. [CRM_DATA_DIR, default ./data]")
    var dataDir: String?

    var path: String {
        dataDir ?? ProcessInfo.processInfo.environment["CRM_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./data"
    }

    /// Opens the store on this directory for an offline command, or says why not (`crm <command>: …`)
    /// and exits 2.
    func openStore(for command: String, options: StoreOptions = StoreOptions(), states: [any StoreState]) throws -> Store {
        do throws(StoreError) {
            return try Store.open(directory: path, options: options, states: states)
        } catch {
            printError("crm \(command): \(error)")
            throw ExitCode(2)
        }
    }
}

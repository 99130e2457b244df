import ArgumentParser
import Foundation

/// `--data-dir` for the commands that work on a data directory offline (`check`, `compact`).
struct DataDirectoryOption: ParsableArguments {
    @Option(help: "Data directory. [CRM_DATA_DIR, default ./data]")
    var dataDir: String?

    var path: String {
        dataDir ?? ProcessInfo.processInfo.environment["CRM_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./data"
    }
}

import ArgumentParser
import CRMStore

/// `crm compact`: rewrites a data directory's log into one snapshot offline (the server compacts by
/// itself while running when dead records outweigh live ones).
struct CompactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Compact a data directory offline (the server must be stopped)."
    )

    @OptionGroup var directory: DataDirectoryOption
    @Option(help: "Keep every record younger than this many days (history, changes feed, audit). [default 90]")
    var historyDays = 90

    func validate() throws {
        guard historyDays >= 0 else { throw ValidationError("--history-days must be 0 or more") }
    }

    func run() async throws {
        var options = StoreOptions()
        options.historyDays = historyDays
        do throws(StoreError) {
            let store = try Store.open(directory: directory.path, options: options, states: [])
            defer { store.close() }
            let report = try await store.compact()
            print("compacted \(report.filesReplaced) file(s) into \(report.snapshot): kept \(report.recordsKept) record(s), "
                + "dropped \(report.recordsDropped); \(report.bytesBefore) → \(report.bytesAfter) bytes")
        } catch {
            printError("crm compact: \(error)")
            throw ExitCode(2)
        }
    }
}

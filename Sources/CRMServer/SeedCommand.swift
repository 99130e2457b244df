import ArgumentParser
import CRMServices
import CRMStore
import Foundation

/// `crm seed --contacts N`: fills a data directory with plausible contacts offline, for benchmarks
/// and demos (the server must be stopped).
struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Add generated contacts to a data directory (the server must be stopped)."
    )

    @OptionGroup var directory: DataDirectoryOption
    @Option(help: "How many contacts to add.")
    var contacts = 1_000

    func validate() throws {
        guard (1...10_000_000).contains(contacts) else { throw ValidationError("--contacts must be 1–10,000,000") }
    }

    func run() async throws {
        var options = StoreOptions()
        options.fsync = .none
        let store = try directory.openStore(for: "seed", options: options, states: [ContactsState()])
        let started = ContinuousClock.now
        let prefix = "." + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let written = try await ContactsSeeder.seed(contacts, into: store, prefix: prefix)
        store.close()
        print("added \(written) contacts to \(directory.path) in \(ContinuousClock.now - started)")
    }
}

import ArgumentParser
import CRMModel
import CRMServices
import CRMStore
import Foundation

/// `crm seed`: fills a data directory with a realistic, reproducible data set offline, for
/// benchmarks and demos (the server must be stopped).
struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Add a generated, reproducible data set to a data directory (the server must be stopped).",
        discussion: """
            Contacts created evenly over the last two years with varied stages, consent and tags; about \
            --interactions-per-contact interactions each between their creation and now (purchases of one to three \
            items from a long-tailed catalogue of 5,000 products, emails, calls, chats, web visits, meetings); one deal \
            per ten contacts moving through the pipeline, most of the advanced ones won or lost; a support ticket for every \
            fifth contact (agents, replies, solved and rated ones, SLA flags); a completed A/B email campaign a month with \
            messages and their delivered, opened, clicked, converted and bounced events. The same --seed and --now \
            give the same data, ids included (without --now, the same data relative to the time of the run); use \
            another seed to add more to the same directory.
            """
    )

    @OptionGroup var directory: DataDirectoryOption
    @Option(help: "How many contacts to add.")
    var contacts = 1_000
    @Option(help: "Average interactions per contact (0–100).")
    var interactionsPerContact = 5
    @Option(help: "The random seed: the same seed writes the same data.")
    var seed: UInt64 = 1
    @Option(help: "The moment the two years of data lead up to (RFC 3339; default: now).")
    var now: String?

    func validate() throws {
        guard (1...10_000_000).contains(contacts) else { throw ValidationError("--contacts must be 1–10,000,000") }
        guard (0...100).contains(interactionsPerContact) else { throw ValidationError("--interactions-per-contact must be 0–100") }
        if let now, Timestamp(rfc3339: now) == nil { throw ValidationError("--now must be an RFC 3339 date-time such as 2026-11-30T00:00:00Z") }
    }

    func run() async throws {
        var options = StoreOptions()
        options.fsync = .none
        options.bulkLoad = true
        let store = try directory.openStore(for: "seed", options: options, states: [])
        let started = ContinuousClock.now
        let plan = DemoDataPlan(seed: seed, contacts: contacts, interactionsPerContact: interactionsPerContact,
                                now: now.flatMap { Timestamp(rfc3339: $0) } ?? .now())
        let report = try await DemoDataSeeder.seed(plan, into: store)
        store.close()
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("added \(report) to \(directory.path) in \(String(format: "%.2f", seconds)) s "
              + "(\(Int(Double(report.contacts) / max(seconds, 0.001))) contacts/s)")
    }
}

import ArgumentParser

/// The `crm` command: the server and the tools that work on its data directory.
@main
struct CRM: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crm",
        abstract: "A self-hosted CRM server: contacts, interactions, tickets, campaigns, deals and analytics.",
        subcommands: [ServeCommand.self, CheckCommand.self, CompactCommand.self, SeedCommand.self, KeysCommand.self, BackupCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}

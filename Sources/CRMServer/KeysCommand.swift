import ArgumentParser
import CRMRouter
import CRMServices
import CRMStore

/// `crm keys create|list|revoke`: manages persistent API keys offline (the server must be stopped;
/// while it runs, use `/v1/admin/api-keys`).
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list or revoke API keys in a data directory (the server must be stopped).",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    static func withService<Value>(_ directory: DataDirectoryOption, _ body: (APIKeysService) async throws -> Value) async throws -> Value {
        let state = APIKeysState()
        let store = try directory.openStore(for: "keys", states: [state])
        defer { store.close() }
        return try await body(APIKeysService(store: store, state: state))
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key and print its secret (shown once).")
        @OptionGroup var directory: DataDirectoryOption
        @Option(help: "admin, agent, marketer, analyst or readonly.")
        var role: String
        @Option(help: "A name that says who or what uses the key.")
        var name = "created by crm keys"

        func validate() throws {
            guard Role(rawValue: role) != nil else { throw ValidationError("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))") }
            guard !name.isEmpty, name.count <= 100 else { throw ValidationError("--name must be 1–100 characters") }
        }

        func run() async throws {
            let created = try await KeysCommand.withService(directory) { service in
                try await service.create(name: name, role: Role(rawValue: role)!, actor: "system", requestId: "crm-keys-create")
            }
            print("created \(created.key.id) (\(created.key.role.rawValue)): \(created.secret)")
            print("store the key now: it is not shown again")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the keys (never their secrets).")
        @OptionGroup var directory: DataDirectoryOption

        func run() async throws {
            let keys = try await KeysCommand.withService(directory) { service in service.keys }
            for key in keys { print("\(key.id)  \(key.role.rawValue)  \(key.prefix)…  \(key.name)") }
            if keys.isEmpty { print("no persistent keys (the bootstrap admin key is in admin.key or CRM_ADMIN_KEY)") }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key by id.")
        @OptionGroup var directory: DataDirectoryOption
        @Argument(help: "The key id (key_…).")
        var id: String

        func run() async throws {
            try await KeysCommand.withService(directory) { service in
                try await service.revoke(id, actor: "system", requestId: "crm-keys-revoke")
            }
            print("revoked \(id)")
        }
    }
}

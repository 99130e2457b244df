// Reference server for scripts/bench-http: Hummingbird 2 with its defaults.
//
//   bench-reference [--host 127.0.0.1] [--port 8081] [--seed contacts.ndjson]
//
//   GET /health      -> "ok" (text/plain)
//   GET /bench/json  -> BenchContact, JSON-encoded per request by Hummingbird's default encoder
//   GET /v1/contacts/:id, GET /v1/contacts?q=, POST /v1/contacts -> in-memory contacts
//                       (ContactDirectory.swift; key from REF_API_KEY, else CRM_ADMIN_KEY)
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Hummingbird
import Logging

/// The benchmark object, 343 bytes of JSON. `crm` emits these members in this declaration order.
///
/// Note: Foundation's JSONEncoder on Linux (swift-foundation) keeps object members in a
/// dictionary, so the reference writes the same 13 members and the same 343 bytes but in an
/// order that varies from request to request. That is Hummingbird's default JSON path as is,
/// which is what this server is here to measure; compare bodies as JSON, not as bytes.
struct BenchContact: ResponseEncodable {
    let id: String
    let email: String
    let firstName: String
    let lastName: String
    let phone: String
    let company: String
    let title: String
    let lifecycleStage: String
    let tags: [String]
    let leadScore: Int
    let createdAt: String
    let updatedAt: String
    let version: Int

    static let sample = BenchContact(
        id: "ct_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X",
        email: "anna.lee@example.com",
        firstName: "Anna",
        lastName: "Lee",
        phone: "+14155550123",
        company: "Example Corp",
        title: "Head of Operations",
        lifecycleStage: "customer",
        tags: ["vip", "newsletter"],
        leadScore: 72,
        createdAt: "2026-11-22T11:38:39.123Z",
        updatedAt: "2026-11-22T11:38:39.123Z",
        version: 3
    )
}

func usage() -> Never {
    print("usage: bench-reference [--host HOST] [--port PORT] [--seed NDJSON]")
    exit(2)
}

var host = "127.0.0.1"
var port = 8081
var seedFile: String?
var args = CommandLine.arguments.dropFirst()
while let arg = args.popFirst() {
    switch arg {
    case "--host":
        guard let value = args.popFirst() else { usage() }
        host = value
    case "--port":
        guard let value = args.popFirst(), let parsed = Int(value), (0...65535).contains(parsed) else { usage() }
        port = parsed
    case "--seed":
        guard let value = args.popFirst() else { usage() }
        seedFile = value
    case "-h", "--help":
        usage()
    default:
        print("unknown argument: \(arg)")
        usage()
    }
}

var logger = Logger(label: "bench-reference")
logger.logLevel = .warning

let router = Router()
router.get("/health") { _, _ in
    "ok"
}
router.get("/bench/json") { _, _ in
    BenchContact.sample
}
let directory = ContactDirectory()
if let seedFile {
    let count = try directory.load(ndjson: seedFile)
    logger.warning("seeded \(count) contacts from \(seedFile)")
}
let environment = ProcessInfo.processInfo.environment
addContactRoutes(to: router, directory: directory,
                 key: environment["REF_API_KEY"] ?? environment["CRM_ADMIN_KEY"] ?? "bench-admin-key-0123456789abcdef")

let app = Application(
    router: router,
    configuration: .init(address: .hostname(host, port: port), serverName: nil),
    logger: logger
)
try await app.runService()

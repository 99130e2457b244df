import CRMTestSupport
import Foundation
import Testing

/// `crm backup` and `POST /v1/admin/backup|compact`: a copy taken under write load starts and holds
/// every write acknowledged before the backup began.
@Suite struct BackupTests {
    static func crm(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        try ChildProcess.crm(arguments, environment: environment)
    }

    @Test func aBackupUnderWriteLoadHoldsEveryEarlierWrite() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let acknowledged = LockedIDs()
            let stop = LockedFlag()
            let writer = Thread {
                // One kept-alive connection: a connection per request is churn this test is not about.
                _ = try? server.onOneConnection { request in
                    for index in 0..<5_000 where !stop.isSet {
                        if let response = try? request("POST", "/v1/contacts", #"{"email":"load\#(index)@example.com"}"#),
                           response.status == 201,
                           let id = (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])?["id"] as? String {
                            acknowledged.add(id)
                        }
                    }
                }
            }
            writer.start()
            while acknowledged.count < 50 { usleep(10_000) }
            let before = acknowledged.all
            let destination = FileManager.default.temporaryDirectory.appendingPathComponent("crm-backup-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: destination) }
            let backup = try Self.crm(["backup", destination, "--data-dir", server.dataDirectory.path, "--server", "127.0.0.1:\(server.port)"],
                                      environment: ["CRM_ADMIN_KEY": TestServer.adminKey])
            stop.set()
            #expect(backup.status == 0, "\(backup.output)")
            #expect(backup.output.contains("the running server backed up"))

            let restored = try TestServer(dataDirectory: URL(fileURLWithPath: destination + "-served"))
            _ = restored.stop()
            try FileManager.default.removeItem(at: restored.dataDirectory)
            try FileManager.default.copyItem(atPath: destination, toPath: restored.dataDirectory.path)
            try restored.restart()
            var missing: [String] = []
            for id in before where try restored.request("GET", "/v1/contacts/\(id)").status != 200 { missing.append(id) }
            #expect(missing.isEmpty, "\(missing.count) of \(before.count) writes acknowledged before the backup are missing")
        }
    }

    @Test func adminEndpointsRefuseBadDestinationsAndCompact() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            _ = try server.request("POST", "/v1/contacts", body: #"{"email":"x@example.com"}"#)
            #expect(try server.request("POST", "/v1/admin/backup", body: #"{"destination":"relative/path"}"#).status == 422)
            #expect(try server.request("POST", "/v1/admin/backup", body: #"{"destination":"\#(server.dataDirectory.path)"}"#).status == 422)
            #expect(try server.request("POST", "/v1/admin/backup", body: #"{}"#).status == 422)
            let compacted = try server.request("POST", "/v1/admin/compact")
            #expect(compacted.status == 200, "\(compacted.text)")
            #expect(compacted.text.contains("\"recordsKept\":"))
            #expect(server.stop() == 0)
            let destination = FileManager.default.temporaryDirectory.appendingPathComponent("crm-offline-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: destination) }
            let offline = try Self.crm(["backup", destination, "--data-dir", server.dataDirectory.path])
            #expect(offline.status == 0, "\(offline.output)")
            #expect(try Self.crm(["check", "--data-dir", destination]).status == 0)
        }
    }
}

final class LockedIDs: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [String] = []
    func add(_ id: String) { lock.withLock { ids.append(id) } }
    var count: Int { lock.withLock { ids.count } }
    var all: [String] { lock.withLock { ids } }
}

final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

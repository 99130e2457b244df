import CRMTestSupport
import Foundation
import Testing

/// `crm check`, `crm check --repair` and `crm compact` on a data directory a real server wrote.
@Suite struct DataDirectoryCommandsTests {
    static func crm(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        try ChildProcess.crm(arguments, environment: environment)
    }

    @Test func checkFindsAFlippedByteAndRepairDropsOnlyThatRecord() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            for index in 0..<5 {
                #expect(try server.request("POST", "/v1/contacts", body: #"{"email":"c\#(index)@example.com"}"#).status == 201)
            }
            #expect(server.stop() == 0)
            let directory = server.dataDirectory.path
            #expect(try Self.crm(["check", "--data-dir", directory]).status == 0)

            let segment = URL(fileURLWithPath: directory + "/log-00000001.jsonl")
            var bytes = try Data(contentsOf: segment)
            let lineStarts = [0] + bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") }.map { $0 + 1 }
            bytes[lineStarts[2] + 30] ^= 0x04
            try bytes.write(to: segment)

            let check = try Self.crm(["check", "--data-dir", directory])
            #expect(check.status == 1)
            #expect(check.output.contains("log-00000001.jsonl line 3: checksum mismatch"))
            #expect(check.output.contains("crm check --repair"))

            let repair = try Self.crm(["check", "--repair", "--data-dir", directory])
            #expect(repair.status == 0, "\(repair.output)")
            #expect(repair.output.contains("dropped log-00000001.jsonl line 3"))
            let backups = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".damaged-") }
            #expect(backups.count == 1)

            try server.restart()
            let list = try server.request("GET", "/v1/contacts?limit=100")
            let items = (try JSONSerialization.jsonObject(with: Data(list.body)) as? [String: Any])?["data"] as? [[String: Any]] ?? []
            #expect(Set(items.compactMap { $0["email"] as? String }) == ["c0@example.com", "c1@example.com", "c3@example.com", "c4@example.com"])
        }
    }

    @Test func compactRewritesTheLogAndRefusesARunningServer() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let created = try server.request("POST", "/v1/contacts", body: #"{"email":"kept@example.com"}"#)
            let id = (try JSONSerialization.jsonObject(with: Data(created.body)) as? [String: Any])?["id"] as? String ?? ""
            for index in 0..<20 {
                #expect(try server.request("PATCH", "/v1/contacts/\(id)", body: #"{"title":"t\#(index)"}"#).status == 200)
            }
            let directory = server.dataDirectory.path
            let refused = try Self.crm(["compact", "--data-dir", directory])
            #expect(refused.status == 2)
            #expect(refused.output.contains("in use by another crm process"))
            #expect(server.stop() == 0)

            let compacted = try Self.crm(["compact", "--data-dir", directory, "--history-days", "0"])
            #expect(compacted.status == 0, "\(compacted.output)")
            #expect(compacted.output.contains("kept 1 record(s), dropped 20"))
            try server.restart()
            let fetched = try server.request("GET", "/v1/contacts/\(id)")
            #expect((try JSONSerialization.jsonObject(with: Data(fetched.body)) as? [String: Any])?["title"] as? String == "t19")
            #expect(fetched.header("ETag") == "\"21\"")
        }
    }
}

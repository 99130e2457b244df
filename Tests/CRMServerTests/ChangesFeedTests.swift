import CRMTestSupport
import Foundation
import Testing

/// `GET /v1/changes` over real sockets: commit order, paging, long-poll wake-up, a sync client that
/// rebuilds the server's state, and 410 once compaction dropped what a client still needed.
@Suite struct ChangesFeedTests {
    static func json(_ response: RawResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    /// Follows the feed from `after` to its end, applying it to `state` (id → email).
    static func sync(_ server: TestServer, from after: Int, into state: inout [String: String]) throws -> Int {
        var after = after
        for _ in 0..<1000 {
            let response = try server.request("GET", "/v1/changes?after=\(after)&types=contact&limit=7")
            let page = json(response)
            guard response.status == 200, let next = page["nextAfter"] as? Int else {
                Issue.record("feed after \(after): \(response.status) \(String(decoding: response.body, as: UTF8.self))")
                return after
            }
            let changes = page["data"] as? [[String: Any]] ?? []
            for change in changes {
                let id = change["id"] as! String
                if change["op"] as? String == "put" {
                    state[id] = (change["data"] as? [String: Any])?["email"] as? String
                } else {
                    state[id] = nil
                }
            }
            after = next
            if changes.isEmpty { return after }
        }
        Issue.record("the feed did not end")
        return after
    }

    /// id → email of every contact in a full export.
    static func exported(_ server: TestServer) throws -> [String: String] {
        let export = try server.request("GET", "/v1/contacts/export?format=ndjson")
        #expect(export.status == 200)
        var state: [String: String] = [:]
        for line in export.text.split(separator: "\n") {
            let contact = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
            state[contact["id"] as? String ?? ""] = contact["email"] as? String
        }
        return state
    }

    @Test func aSyncClientRebuildsTheServersStateAndCompactionSends410() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer(arguments: ["--history-days", "0"])
            var ids: [String] = []
            for index in 0..<30 {
                ids.append(Self.json(try server.request("POST", "/v1/contacts", body: #"{"email":"f\#(index)@example.com"}"#))["id"] as! String)
            }
            #expect(try server.request("POST", "/v1/admin/api-keys", body: #"{"name":"k","role":"agent"}"#).status == 201)
            for index in stride(from: 0, to: 30, by: 3) {
                #expect(try server.request("PATCH", "/v1/contacts/\(ids[index])", body: #"{"email":"g\#(index)@example.com"}"#).status == 200)
            }
            for index in stride(from: 1, to: 30, by: 5) { #expect(try server.request("DELETE", "/v1/contacts/\(ids[index])").status == 204) }

            let first = Self.json(try server.request("GET", "/v1/changes?limit=5"))
            let seqs = (first["data"] as? [[String: Any]] ?? []).compactMap { $0["seq"] as? Int }
            #expect(seqs == [1, 2, 3, 4, 5])
            let everything = Self.json(try server.request("GET", "/v1/changes?limit=1000"))
            #expect(!String(describing: everything).contains("apikey"), "API key records never leave the server")

            var state: [String: String] = [:]
            let end = try Self.sync(server, from: 0, into: &state)
            #expect(state == (try Self.exported(server)), "the feed and a full export disagree")
            #expect(state.count == 24)

            #expect(server.stop() == 0)
            let compact = Process()
            compact.executableURL = TestServer.binary
            compact.arguments = ["compact", "--data-dir", server.dataDirectory.path, "--history-days", "0"]
            compact.standardOutput = FileHandle.nullDevice
            try compact.run()
            compact.waitUntilExit()
            try server.restart()

            // Seq 1 (the first create of a contact updated later) was dropped by the compaction.
            let expired = try server.request("GET", "/v1/changes?after=1")
            #expect(expired.status == 410)
            #expect(expired.header("Content-Type") == "application/problem+json")
            #expect(try server.request("GET", "/v1/changes?after=\(end)").status == 200, "a client that is up to date goes on")
            var rebuilt: [String: String] = [:]
            _ = try Self.sync(server, from: 0, into: &rebuilt)
            #expect(rebuilt == state, "after=0 still rebuilds the whole state")
            #expect(try server.request("GET", "/v1/changes?types=apikey").status == 400)
            #expect(try server.request("GET", "/v1/changes?wait=31").status == 400)
        }
    }

    @Test func aLongPollAnswersWithinAHundredMillisecondsOfACommit() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            _ = try server.request("POST", "/v1/contacts", body: #"{"email":"before@example.com"}"#)
            let after = Self.json(try server.request("GET", "/v1/changes"))["nextAfter"] as! Int

            let started = ContinuousClock.now
            let idle = try server.request("GET", "/v1/changes?after=\(after)&wait=0.5")
            let waited = ContinuousClock.now - started
            #expect(waited >= .milliseconds(450) && waited < .seconds(3), "\(waited)")
            #expect((Self.json(idle)["data"] as? [Any])?.isEmpty == true)

            let poll = try server.connect()
            poll.send("GET /v1/changes?after=\(after)&wait=20 HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(TestServer.adminKey)\r\n\r\n")
            usleep(300_000)
            _ = try server.request("POST", "/v1/contacts", body: #"{"email":"during@example.com"}"#)
            let committed = ContinuousClock.now
            let answer = try poll.readResponse(timeout: 20)
            let delay = ContinuousClock.now - committed
            #expect(answer.status == 200)
            #expect(delay < .milliseconds(100), "answered \(delay) after the commit")
            let changes = Self.json(answer)["data"] as? [[String: Any]] ?? []
            #expect((changes.first?["data"] as? [String: Any])?["email"] as? String == "during@example.com")
        }
    }
}

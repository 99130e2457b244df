import CRMTestSupport
import Foundation
import Testing

/// `crm serve` as a process: start-up, health, graceful shutdown, curl as an outside client.
@Suite struct ServeLifecycleTests {
    @Test func answersHealthAndReady() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let health = try server.request("GET", "/health", key: nil)
            #expect(health.status == 200)
            #expect(health.text == "ok")
            #expect(health.header("X-Request-Id") != nil)
            let ready = try server.request("GET", "/ready", key: nil)
            #expect(ready.status == 200)
        }
    }

    @Test func finishesASlowRequestOnSigterm() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let client = try server.connect()
            // A request whose body trickles in: in flight when SIGTERM arrives.
            client.send("POST /health HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nab")
            usleep(200_000)
            kill(server.process.processIdentifier, SIGTERM)
            usleep(300_000)
            client.send("cd")
            let response = try client.readResponse(timeout: 10)
            #expect(response.status == 405)
            #expect(response.header("Connection") == "close")
            let status = server.stop(timeout: 15)
            #expect(status == 0)
            #expect(server.log.contains("\"message\":\"stopped\""))
        }
    }

    @Test func curlReusesTheConnection() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let curl = Process()
            curl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            let url = "http://127.0.0.1:\(server.port)/health"
            curl.arguments = ["curl", "--http1.1", "-sv", url, url]
            let pipe = Pipe()
            curl.standardError = pipe
            curl.standardOutput = pipe
            try curl.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            curl.waitUntilExit()
            #expect(curl.terminationStatus == 0)
            #expect(output.contains("Re-using existing connection") || output.contains("Reusing existing connection"))
            #expect(output.components(separatedBy: "< HTTP/1.1 200 OK").count == 3)
        }
    }

    @Test func listensOnIPv6() async throws {
        try await offPool { () throws -> Void in
            guard FileManager.default.fileExists(atPath: "/proc/net/if_inet6") else { return }
            let server = try TestServer(arguments: ["--host", "::1"])
            let curl = Process()
            curl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            curl.arguments = ["curl", "-sg", "http://[::1]:\(server.port)/health"]
            let pipe = Pipe()
            curl.standardOutput = pipe
            try curl.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            curl.waitUntilExit()
            #expect(output == "ok")
        }
    }

    @Test func refusesAnUnusableDataDirectory() async throws {
        try await offPool { () throws -> Void in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("crm-file-\(UUID().uuidString)")
            try Data("x".utf8).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            #expect(throws: TestServer.StartFailure.self) { _ = try TestServer(dataDirectory: file) }
        }
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real `crm serve` process for end-to-end tests: ephemeral port, temp data directory, a known admin
/// key; restart it, stop it with a signal, or kill -9 it.
public final class TestServer: @unchecked Sendable {
    public static let adminKey = "test-admin-key-0123456789"

    public let dataDirectory: URL
    public private(set) var port = 0
    public private(set) var process: Process
    private let arguments: [String]
    private let environment: [String: String]
    private let output = LockedText()

    /// Starts a server; `dataDirectory` nil means a fresh temp directory.
    public init(dataDirectory: URL? = nil, arguments: [String] = [], environment: [String: String] = [:]) throws {
        self.dataDirectory = dataDirectory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("crm-test-\(UUID().uuidString)")
        self.arguments = arguments
        self.environment = environment
        self.process = Process()
        try launch()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    /// The `crm` binary built beside the test bundle.
    public static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("crm")
    }

    /// Everything the process wrote to stderr and stdout so far.
    public var log: String { output.text }

    private func launch() throws {
        let process = Process()
        process.executableURL = TestServer.binary
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDirectory.path,
                             "--log-level", "info"] + arguments
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CRM_") }
        environment["CRM_ADMIN_KEY"] = TestServer.adminKey
        environment.merge(self.environment) { $1 }
        process.environment = environment
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        let output = self.output
        output.reset()
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { output.append(String(decoding: data, as: UTF8.self)) }
        }
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline {
            if let port = TestServer.listeningPort(in: output.text) {
                self.port = port
                return
            }
            if !process.isRunning { throw StartFailure(log: output.text) }
            usleep(20_000)
        }
        throw StartFailure(log: "no 'listening' line within 90 s:\n" + output.text)
    }

    public struct StartFailure: Error, CustomStringConvertible {
        public var log: String
        public init(log: String) { self.log = log }
        public var description: String { "server did not start:\n\(log)" }
    }

    static func listeningPort(in log: String) -> Int? {
        for line in log.split(separator: "\n") where line.contains("\"message\":\"listening\"") {
            if let range = line.range(of: "\"port\":") {
                return Int(line[range.upperBound...].prefix { $0.isNumber })
            }
        }
        return nil
    }

    /// Sends `signal` and waits (bounded) for the exit; answers the exit status.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, timeout: Double = 20) -> Int32 {
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        return process.terminationStatus
    }

    /// kill -9: no chance to flush anything.
    public func crash() {
        stop(signal: SIGKILL)
    }

    /// Stops (gracefully unless already dead) and starts again on the same data directory.
    public func restart() throws {
        if process.isRunning { stop() }
        try launch()
    }

    /// A new raw connection to the server.
    public func connect() throws -> RawClient {
        try RawClient(port: port)
    }

    /// One request on a fresh connection; `key` nil sends no Authorization.
    public func request(_ method: String, _ path: String, key: String? = TestServer.adminKey,
                        headers: [String: String] = [:], body: String? = nil) throws -> RawResponse {
        try request(method, path, key: key, headers: headers, body: body, on: try connect(), keepAlive: false)
    }

    /// Requests one after another on one kept-alive connection, for loops of thousands where a
    /// connection each is churn the test is not about.
    public func onOneConnection<Result>(
        _ body: ((_ method: String, _ path: String, _ body: String?) throws -> RawResponse) throws -> Result
    ) throws -> Result {
        let client = try connect()
        return try body { method, path, requestBody in
            try request(method, path, key: TestServer.adminKey, headers: [:], body: requestBody, on: client, keepAlive: true)
        }
    }

    private func request(_ method: String, _ path: String, key: String?, headers: [String: String], body: String?,
                         on client: RawClient, keepAlive: Bool) throws -> RawResponse {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: test\r\n" + (keepAlive ? "" : "Connection: close\r\n")
        if let key { head += "Authorization: Bearer \(key)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body {
            if headers["Content-Type"] == nil { head += "Content-Type: application/json\r\n" }
            head += "Content-Length: \(body.utf8.count)\r\n"
        }
        client.send(head + "\r\n" + (body ?? ""))
        do {
            return try client.readResponse(timeout: 60, isHead: method == "HEAD")
        } catch let error as RawClient.ClientError {
            throw RequestFailure(request: "\(method) \(path)", error: error, serverIsRunning: process.isRunning,
                                 logTail: String(log.suffix(3_000)))
        }
    }

    /// A request that got no whole answer, with what the server was doing: a closed connection alone
    /// does not say whether the server crashed.
    public struct RequestFailure: Error, CustomStringConvertible {
        public var request: String
        public var error: RawClient.ClientError
        public var serverIsRunning: Bool
        public var logTail: String
        public var description: String {
            "\(request): \(error); the server is \(serverIsRunning ? "running" : "not running"); its log ends:\n\(logTail)"
        }
    }
}

/// Text appended from a pipe's reader thread.
final class LockedText: @unchecked Sendable {
    private let lock = NSLock()
    private var value = ""
    var text: String { lock.withLock { value } }
    func append(_ more: String) { lock.withLock { value += more } }
    func reset() { lock.withLock { value = "" } }
}

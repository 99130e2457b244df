import CRMTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// kill -9 at random moments while a child process appends with fsync `always`: every id it printed
/// as acknowledged is there after reopening.
@Suite struct CrashTests {
    static var benchBinary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("CRMStoreBench")
    }

    /// Runs `CRMStoreBench` to its end; what it printed.
    static func run(_ arguments: [String]) throws -> String {
        try ChildProcess.run(benchBinary.path, arguments).output
    }

    @Test func losesNothingAcknowledgedUnderKill9() async throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        var generator = SystemRandomNumberGenerator()
        var acknowledged = Set<String>()
        for round in 0..<8 {
            let process = Process()
            process.executableURL = Self.benchBinary
            process.arguments = ["crash-writer", directory, "16"]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            let collected = LockedLines()
            pipe.fileHandleForReading.readabilityHandler = { handle in collected.add(handle.availableData) }
            // Let it start writing (bounded), then kill it at a random moment.
            let started = ContinuousClock.now
            while !collected.hasALine && ContinuousClock.now - started < .seconds(10) {
                try await Task.sleep(for: .milliseconds(10))
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...150, using: &generator)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            pipe.fileHandleForReading.readabilityHandler = nil
            collected.add(pipe.fileHandleForReading.readDataToEndOfFile())
            let printed = collected.completeLines
            #expect(!printed.isEmpty, "round \(round) acknowledged nothing")
            acknowledged.formUnion(printed)
            // Reopen in-process: every acknowledged id of every round must be there.
            let state = MapState()
            let store = try CRMStoreOpen.open(directory, state)
            let missing = acknowledged.subtracting(state.ids)
            store.close()
            #expect(missing.isEmpty, "round \(round): \(missing.count) acknowledged ids lost, e.g. \(missing.prefix(3))")
        }
        #expect(acknowledged.count > 100)
    }
}

/// Lines printed by the child, collected from the pipe's reader thread.
final class LockedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = Data()
    func add(_ data: Data) { lock.withLock { buffer.append(data) } }
    var hasALine: Bool { lock.withLock { buffer.contains(UInt8(ascii: "\n")) } }
    /// Only newline-terminated lines: a line cut by the kill was never fully acknowledged to us.
    var completeLines: Set<String> {
        lock.withLock {
            let text = String(decoding: buffer, as: UTF8.self)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines.removeLast()
            return Set(lines.filter { !$0.isEmpty })
        }
    }
}

import CRMStore
import Foundation

/// The figures `scripts/bench-store` prints: durable appends/s at 1, 16 and 64 writers beside the raw
/// group-commit limit of the same disk, and replay speed.
enum StoreBenchmark {
    static let payload: [UInt8] = Array((#"{"id":"ct_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X","email":"anna.lee@example.com","firstName":"Anna","#
        + #""lastName":"Lee","phone":"+14155550123","company":"Example Corp","title":"Head of Operations","#
        + #""lifecycleStage":"customer","tags":["vip","newsletter"],"leadScore":72,"version":3}"#).utf8)

    static func run(directory: String) async throws {
        say("record payload: \(payload.count) bytes; fsync always; 3 rounds of 2 s each, alternating which goes first; medians")
        say("writers  engine acks/s   raw limit acks/s   engine/raw")
        for writers in [1, 16, 64] {
            var engine: [Double] = []
            var raw: [Double] = []
            for round in 0..<3 {
                if round % 2 == 1 { raw.append(rawRate(path: directory + "/raw-\(writers)-\(round)", writers: writers, seconds: 2)) }
                engine.append(try await engineRate(directory: directory + "/engine-\(writers)-\(round)", writers: writers, seconds: 2))
                if round % 2 == 0 { raw.append(rawRate(path: directory + "/raw-\(writers)-\(round)", writers: writers, seconds: 2)) }
            }
            let engineMedian = engine.sorted()[1]
            let rawMedian = raw.sorted()[1]
            say(String(format: "%7d %16.0f %18.0f %11.2f", writers, engineMedian, rawMedian, engineMedian / rawMedian))
        }
        try await replayRate(directory: directory + "/replay", records: 1_000_000)
    }

    static func engineRate(directory: String, writers: Int, seconds: Double) async throws -> Double {
        let state = IDSet()
        let store = try Store.open(directory: directory, states: [state])
        defer { store.close() }
        let deadline = Date().addingTimeInterval(seconds)
        let start = Date()
        let total = await withTaskGroup(of: Int.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var count = 0
                    while Date() < deadline {
                        let id = "w\(writer)-\(count)"
                        _ = try? await store.commit(actor: "bench", requestId: "r") { context in
                            context.append(type: "contact", id: id, op: .put, data: payload)
                        }
                        count += 1
                    }
                    return count
                }
            }
            return await group.reduce(0, +)
        }
        return Double(total) / Date().timeIntervalSince(start)
    }

    /// Threads doing write + one shared fdatasync per batch: no JSON, no engine.
    static func rawRate(path: String, writers: Int, seconds: Double) -> Double {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_TRUNC, 0o600)
        defer { close(descriptor) }
        let line = payload + [10]
        let shared = RawShared()
        let condition = shared.condition
        let deadline = Date().addingTimeInterval(seconds)
        let syncer = Thread {
            while true {
                condition.lock()
                while shared.pending == 0 && !shared.isDone { condition.wait() }
                if shared.isDone && shared.pending == 0 { condition.unlock(); return }
                let batch = shared.pending
                shared.pending = 0
                condition.unlock()
                var buffer: [UInt8] = []
                for _ in 0..<batch { buffer += line }
                _ = buffer.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                fdatasync(descriptor)
                condition.lock()
                shared.acknowledged += batch
                shared.generation += 1
                condition.broadcast()
                condition.unlock()
            }
        }
        syncer.start()
        let group = DispatchGroup()
        for _ in 0..<writers {
            group.enter()
            Thread {
                while Date() < deadline {
                    condition.lock()
                    shared.pending += 1
                    let mine = shared.generation
                    condition.broadcast()
                    while shared.generation == mine { condition.wait() }
                    condition.unlock()
                }
                group.leave()
            }.start()
        }
        let start = Date()
        group.wait()
        let elapsed = Date().timeIntervalSince(start)
        condition.lock()
        shared.isDone = true
        condition.broadcast()
        condition.unlock()
        return Double(shared.acknowledged) / elapsed
    }

    static func replayRate(directory: String, records: Int) async throws {
        do {
            var options = StoreOptions()
            options.fsync = .none
            let store = try Store.open(directory: directory, options: options, states: [])
            for chunk in 0..<(records / 10_000) {
                _ = try await store.commit(actor: "bench", requestId: "seed") { context in
                    for index in 0..<10_000 { context.append(type: "contact", id: "c\(chunk)-\(index)", op: .put, data: payload) }
                }
            }
            store.close()
        }
        let bytes = (try? FileManager.default.contentsOfDirectory(atPath: directory))?
            .filter { $0.hasPrefix("log-") }
            .compactMap { try? FileManager.default.attributesOfItem(atPath: directory + "/" + $0)[.size] as? Int }
            .reduce(0, +) ?? 0
        let state = IDSet()
        let start = Date()
        let store = try Store.open(directory: directory, states: [state])
        let elapsed = Date().timeIntervalSince(start)
        store.close()
        say(String(format: "replay: %d records, %.1f MB in %.2f s = %.0f MB/s (ids only, no service decoding)",
                     state.count, Double(bytes) / 1e6, elapsed, Double(bytes) / 1e6 / elapsed))
    }
}

/// The counters of the raw limit measurement, guarded by `condition`.
final class RawShared: @unchecked Sendable {
    let condition = NSCondition()
    var pending = 0
    var generation = 0
    var acknowledged = 0
    var isDone = false
}

/// Prints a line at once (stdout may be a pipe).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

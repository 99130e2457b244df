import CRMStore
import Foundation

/// The child's part of the compaction fault-injection test: a fixed series of puts, updates and
/// deletes, each printed once acknowledged (`put <id> <version>` / `del <id>`), then a compaction
/// that the store's `compactionFault` option cuts short by ending the process.
enum CompactionCrashScript {
    static func run(_ store: Store) async throws {
        for round in 1...3 {
            for index in 0..<60 {
                let id = "item\(index)"
                if round == 3 && index % 4 == 0 {
                    try await store.commit(actor: "bench", requestId: "del-\(id)") { $0.append(type: "item", id: id, op: .delete, data: []) }
                    say("del \(id)")
                } else {
                    let data = Array(#"{"v":\#(round),"pad":"\#(String(repeating: "x", count: 100))"}"#.utf8)
                    try await store.commit(actor: "bench", requestId: "put-\(id)") { $0.append(type: "item", id: id, op: .put, data: data) }
                    say("put \(id) \(round)")
                }
            }
        }
        try await Task.sleep(for: .milliseconds(5))
        let report = try await store.compact()
        say("compacted \(report.recordsKept)")
        store.close()
    }
}

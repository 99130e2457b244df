import CRMStore
import Foundation
import Synchronization

/// Drives the store alone, outside the server: `crash-writer` for the kill -9 tests and `bench` for
/// `scripts/bench-store`.
///
///     CRMStoreBench crash-writer <dir> <writers>   appends until killed; prints each acknowledged id
///     CRMStoreBench count <dir>                     prints how many ids the directory holds
///     CRMStoreBench compact-crash <dir> <step>      writes, prints each acknowledged change, then
///                                                  compacts and dies at <step> (a CompactionStep)
///     CRMStoreBench bench <dir>                     throughput and replay figures
final class IDSet: StoreState, @unchecked Sendable {
    private let ids = Mutex<Set<String>>([])
    func apply(_ records: [Record]) { ids.withLock { set in for record in records { set.insert(record.id) } } }
    func reset() { ids.withLock { $0.removeAll() } }
    var count: Int { ids.withLock { $0.count } }
    func contains(_ id: String) -> Bool { ids.withLock { $0.contains(id) } }
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: CRMStoreBench crash-writer|count|bench <dir> [writers]\n".utf8))
    exit(2)
}
let directory = arguments[2]
switch arguments[1] {
case "crash-writer":
    let writers = arguments.count > 3 ? Int(arguments[3]) ?? 8 : 8
    let state = IDSet()
    let store = try Store.open(directory: directory, states: [state])
    let payload = Array(#"{"name":"crash test record with some padding to look like a contact"}"#.utf8)
    await withTaskGroup(of: Void.self) { group in
        for writer in 0..<writers {
            group.addTask {
                for index in 0..<1_000_000 {
                    let id = "w\(writer)-\(index)"
                    do {
                        _ = try await store.commit(actor: "bench", requestId: id) { context in
                            context.append(type: "item", id: id, op: .put, data: payload)
                        }
                        FileHandle.standardOutput.write(Data((id + "\n").utf8))
                    } catch {
                        return
                    }
                }
            }
        }
    }
case "compact-crash":
    var options = StoreOptions()
    options.historyDays = 0
    options.segmentBytes = 8 * 1024
    options.compactionFault = CompactionStep(rawValue: arguments.count > 3 ? arguments[3] : "")
    let store = try Store.open(directory: directory, options: options, states: [IDSet()])
    try await CompactionCrashScript.run(store)
case "count":
    let state = IDSet()
    let store = try Store.open(directory: directory, states: [state])
    for warning in store.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
    say(String(state.count))
    store.close()
case "bench":
    try await StoreBenchmark.run(directory: directory)
default:
    FileHandle.standardError.write(Data("unknown mode \(arguments[1])\n".utf8))
    exit(2)
}

import CRMStore
import Foundation
import Synchronization

/// A state for store tests: id → latest data, deletes remove.
final class MapState: StoreState, @unchecked Sendable {
    private let map = Mutex<[String: [UInt8]]>([:])
    func apply(_ records: [Record]) {
        map.withLock { map in
            for record in records {
                if record.op == .put { map[record.id] = record.data } else { map[record.id] = nil }
            }
        }
    }
    func reset() { map.withLock { $0.removeAll() } }
    var count: Int { map.withLock { $0.count } }
    subscript(id: String) -> [UInt8]? { map.withLock { $0[id] } }
    var ids: Set<String> { map.withLock { Set($0.keys) } }
}

/// A fresh temp directory, removed by `cleanUp`.
func makeTemporaryDirectory() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("crm-store-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func cleanUp(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

func put(_ store: Store, _ id: String, _ text: String = #"{"v":1}"#) async throws {
    try await store.commit(actor: "test", requestId: "r-\(id)") { context in
        context.append(type: "item", id: id, op: .put, data: Array(text.utf8))
    }
}

/// The only segment of a small store.
func segmentPath(_ directory: String) -> String { directory + "/log-00000001.jsonl" }

enum CRMStoreOpen {
    static func open(_ directory: String, _ state: MapState) throws -> Store {
        try Store.open(directory: directory, states: [state])
    }
}

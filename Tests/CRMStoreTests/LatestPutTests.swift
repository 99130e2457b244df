@testable import CRMStore
import Foundation
import Testing

/// `Store.latestPut(of:)` (how services read back what their states keep only in summary) and the
/// packed ids the record locator keys entities by.
@Suite struct LatestPutTests {
    @Test func answersTheNewestPutOnDiskAndAfterDeletesAndCompaction() async throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let store = try Store.open(directory: directory, options: CompactionTests.options(), states: [MapState()])
        let id = "ct_01KC532ZZ00004J9BB70VV8R8M"
        #expect(try store.latestPut(of: id) == nil)
        try await put(store, id, #"{"v":1}"#)
        try await put(store, id, #"{"v":2}"#)
        #expect(try store.latestPut(of: id)?.data == Array(#"{"v":2}"#.utf8))
        try await store.commit(actor: "test", requestId: "d") { $0.append(type: "item", id: id, op: .delete, data: []) }
        #expect(try store.latestPut(of: id)?.data == Array(#"{"v":2}"#.utf8), "the newest put, even when a delete follows")
        try await put(store, "pipeline", #"{"v":3}"#)
        for index in 0..<50 { try await put(store, "filler\(index)") }
        _ = try await store.compact()
        #expect(try store.latestPut(of: "pipeline")?.data == Array(#"{"v":3}"#.utf8))
        #expect(try store.latestPut(of: "filler7")?.data == Array(#"{"v":1}"#.utf8))
        store.close()
    }

    @Test func answersPutsTheStatesSeeBeforeTheyAreWritten() async throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let store = try Store.open(directory: directory, states: [MapState()])
        let seen = try await store.commit(actor: "test", requestId: "r") { context in
            context.append(type: "item", id: "ix_01KJAFRRAC0004P2VBJK4P212S", op: .put, data: Array(#"{"v":1}"#.utf8))
            return try store.latestPut(of: "ix_01KJAFRRAC0004P2VBJK4P212S")?.data
        }
        #expect(seen == nil, "inside its own commit the record is not applied yet")
        #expect(try store.latestPut(of: "ix_01KJAFRRAC0004P2VBJK4P212S")?.data == Array(#"{"v":1}"#.utf8))
        store.close()
    }

    @Test func holdsAppliedPutsUntilTheyAreLocated() {
        let locator = RecordLocator()
        let file = locator.addFile("log-00000001.jsonl")
        let record = Record(seq: 1, timestamp: 1, type: "item", id: "a", op: .put, actor: "t", requestId: "r", data: [1])
        locator.hold([record])
        guard case .unwritten(let held)? = locator.latestPut(of: "a") else { Issue.record("not held"); return }
        #expect(held == record)
        locator.add([record], offsets: [0], file: file)
        guard case .onDisk(let name, let offset)? = locator.latestPut(of: "a") else { Issue.record("not located"); return }
        #expect(name == "log-00000001.jsonl" && offset == 0)
    }

    @Test func packsOnlyCanonicalPrefixedULIDs() {
        let id = "ct_01KC532ZZ00004J9BB70VV8R8M"
        guard case .packed(let packed) = EntityKey(id) else { Issue.record("not packed"); return }
        #expect(EntityKey(id) == .packed(packed))
        #expect(EntityKey("ix_01KC532ZZ00004J9BB70VV8R8M") != EntityKey(id), "the prefix is part of the key")
        #expect(EntityKey("key_01KC532ZZ00004J9BB70VV8R8M") != EntityKey("kez_01KC532ZZ00004J9BB70VV8R8M"))
        #expect(EntityKey("ct_01KC532ZZ00004J9BB70VV8R8N") != EntityKey(id))
        for text in ["pipeline", "ct_01kc532zz00004j9bb70vv8r8m", "ct_81KC532ZZ00004J9BB70VV8R8M", "ct_01KC532ZZ00004J9BB70VV8R8",
                     "CT_01KC532ZZ00004J9BB70VV8R8M", "_01KC532ZZ00004J9BB70VV8R8MX", "ct_01KC532ZZ00004J9BB70VV8R8I", ""] {
            #expect(EntityKey(text) == .text(text), "\(text) stays text")
        }
        let low = EntityKey("ct_00000000000000000000000001")
        let high = EntityKey("ct_7ZZZZZZZZZZZZZZZZZZZZZZZZZ")
        guard case .packed(let one) = low, case .packed(let top) = high else { Issue.record("not packed"); return }
        #expect(one.low == 1 && one.high == 0)
        #expect(top.low == UInt64.max && top.high == UInt64.max)
    }
}

import CRMStore
import Foundation
import Testing

/// Durability and recovery over real files: reopen, torn tails at every offset, zero fill, a flipped
/// byte, the directory lock.
@Suite struct StoreRecoveryTests {
    @Test func keepsEverythingAcrossAReopen() async throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let state = MapState()
        let store = try Store.open(directory: directory, states: [state])
        for index in 0..<50 { try await put(store, "id\(index)", #"{"n":\#(index),"s":"a \"quoted\" \\ text\n"}"#) }
        try await store.commit(actor: "test", requestId: "del") { $0.append(type: "item", id: "id7", op: .delete, data: []) }
        store.close()
        let again = MapState()
        let reopened = try Store.open(directory: directory, states: [again])
        defer { reopened.close() }
        #expect(again.count == 49)
        #expect(again["id7"] == nil)
        #expect(again["id3"] == Array(#"{"n":3,"s":"a \"quoted\" \\ text\n"}"#.utf8))
        #expect(reopened.warnings.isEmpty)
    }

    @Test func cutsATornTailAtEveryOffset() async throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let store = try Store.open(directory: directory, states: [])
        for index in 0..<5 { try await put(store, "id\(index)") }
        store.close()
        let whole = try Data(contentsOf: URL(fileURLWithPath: segmentPath(directory)))
        let lastLineStart = whole.dropLast().lastIndex(of: UInt8(ascii: "\n"))! + 1
        for cut in lastLineStart..<(whole.count - 1) {
            let copy = makeTemporaryDirectory()
            defer { cleanUp(copy) }
            try FileManager.default.copyItem(atPath: directory + "/MANIFEST", toPath: copy + "/MANIFEST")
            try whole.prefix(cut).write(to: URL(fileURLWithPath: segmentPath(copy)))
            let state = MapState()
            let reopened = try Store.open(directory: copy, states: [state])
            #expect(state.ids == Set((0..<4).map { "id\($0)" }), "cut at \(cut)")
            #expect(reopened.warnings.count == (cut == lastLineStart ? 0 : 1), "cut at \(cut)")
            // Writing goes on after the cut, and survives another reopen.
            try await put(reopened, "after")
            reopened.close()
            let again = MapState()
            let third = try Store.open(directory: copy, states: [again])
            third.close()
            #expect(again.count == 5)
            if cut > lastLineStart {
                #expect(FileManager.default.fileExists(atPath: segmentPath(copy) + ".broken"))
            }
        }
    }

    @Test func cutsAZeroFilledTail() async throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let store = try Store.open(directory: directory, states: [])
        for index in 0..<3 { try await put(store, "id\(index)") }
        store.close()
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: segmentPath(directory)))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(repeating: 0, count: 4096))
        try handle.close()
        let state = MapState()
        let reopened = try Store.open(directory: directory, states: [state])
        reopened.close()
        #expect(state.count == 3)
        #expect(reopened.warnings.count == 1)
    }

    @Test func refusesAFlippedByteBeforeTheTail() async throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let store = try Store.open(directory: directory, states: [])
        for index in 0..<5 { try await put(store, "id\(index)") }
        store.close()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: segmentPath(directory)))
        let secondLine = bytes.firstIndex(of: UInt8(ascii: "\n"))! + 1
        bytes[secondLine + 12] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: segmentPath(directory)))
        do {
            _ = try Store.open(directory: directory, states: [])
            Issue.record("opened a corrupted log")
        } catch {
            let message = String(describing: error)
            #expect(message.contains("log-00000001.jsonl line 2"))
            #expect(message.contains("crm check --repair"))
        }
    }

    @Test func refusesToWriteARecordItCouldNotReadBack() async throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let state = MapState()
        let store = try Store.open(directory: directory, states: [state])
        for bad in ["not json", #"{"a":1} {"b":2}"#, "{\"a\":\n1}", #"{"open":"#] {
            await #expect(throws: StoreError.self, "\(bad)") { try await put(store, "bad", bad) }
        }
        try await put(store, "good")
        store.close()
        let again = MapState()
        let reopened = try Store.open(directory: directory, states: [again])
        reopened.close()
        #expect(again.ids == ["good"])
        #expect(state.ids == ["good"])
    }

    @Test func refusesASecondOpen() async throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let store = try Store.open(directory: directory, states: [])
        defer { store.close() }
        #expect(throws: StoreError.self) { _ = try Store.open(directory: directory, states: []) }
    }

    @Test func refusesAnUnwritableDirectory() {
        #expect(throws: StoreError.self) { _ = try Store.open(directory: "/proc/crm-cannot-be-here", states: []) }
    }

    @Test func checksRunOnTheWriterInLogOrder() async throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let state = MapState()
        let store = try Store.open(directory: directory, states: [state])
        defer { store.close() }
        struct Taken: Error {}
        let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
            for attempt in 0..<50 {
                group.addTask {
                    do {
                        try await store.commit(actor: "t", requestId: "r\(attempt)") { context in
                            if state["unique"] != nil { throw Taken() }
                            context.append(type: "item", id: "unique", op: .put, data: Array("{\"by\":\(attempt)}".utf8))
                        }
                        return true
                    } catch is Taken {
                        return false
                    }
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(winners == 1)
    }
}

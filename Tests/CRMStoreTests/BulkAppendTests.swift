@testable import CRMStore
import Foundation
import Testing

/// `Store.bulkAppend`: records encoded by the caller for a bulk load read back exactly as committed
/// ones, in order with the commits around them; refused outside a bulk load; bad data refused
/// before anything is written.
@Suite struct BulkAppendTests {
    static func bulkOptions() -> StoreOptions {
        var options = StoreOptions()
        options.fsync = .none
        options.bulkLoad = true
        return options
    }

    @Test func writesLinesAReplayReadsLikeCommittedOnes() async throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let store = try Store.open(directory: directory, options: Self.bulkOptions(), states: [])
        try await put(store, "first", #"{"v":0}"#)
        var batch = EncodedRecords(actor: "system", requestId: "seed")
        for index in 1...100 {
            try batch.append(type: "item", id: "item\(index)", op: .put, data: Array(#"{"v":\#(index),"s":"a\"b\\c é"}"#.utf8))
        }
        try batch.append(type: "item", id: "item7", op: .delete, data: [])
        #expect(batch.count == 101)
        try await store.bulkAppend(batch)
        try await put(store, "last", #"{"v":102}"#)
        store.close()

        let state = MapState()
        let reopened = try Store.open(directory: directory, states: [state])
        defer { reopened.close() }
        #expect(reopened.lastSeq == 103)
        #expect(state.count == 101, "first, item1…100 without item7, last")
        #expect(state["item1"] == Array(#"{"v":1,"s":"a\"b\\c é"}"#.utf8))
        #expect(state["item7"] == nil)
        #expect(state["last"] == Array(#"{"v":102}"#.utf8))
        let versions = try reopened.versions(of: "item7")
        #expect(versions.map(\.op) == [.put, .delete])
        #expect(versions.map(\.seq) == [8, 102])
        #expect(versions.allSatisfy { $0.actor == "system" && $0.requestId == "seed" })
        let lines = try String(contentsOfFile: directory + "/" + (try FileManager.default.contentsOfDirectory(atPath: directory)
            .first { $0.hasSuffix(".jsonl") } ?? ""), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 103)
    }

    @Test func isRefusedOutsideABulkLoad() async throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let store = try Store.open(directory: directory, states: [MapState()])
        defer { store.close() }
        var batch = EncodedRecords(actor: "system", requestId: "seed")
        try batch.append(type: "item", id: "a", op: .put, data: Array(#"{"v":1}"#.utf8))
        await #expect(throws: StoreError.self) { try await store.bulkAppend(batch) }
        #expect(store.lastSeq == 0)
    }

    @Test(arguments: ["{\"v\":1}\n", "{\"v\":", "nope", "{} {}"])
    func refusesDataTheLogCouldNotReadBack(data: String) {
        var batch = EncodedRecords(actor: "system", requestId: "seed")
        #expect(throws: StoreError.self) { try batch.append(type: "item", id: "a", op: .put, data: Array(data.utf8)) }
        #expect(batch.count == 0 && batch.byteCount == 0)
    }

    /// A put whose data is written into the batch gives the same tail as one appended from an array;
    /// one that is not shaped as an object on one line is refused and leaves the batch as it was
    /// (what lies between the braces is the encoders' to get right: only the shape is checked).
    @Test func writesDataInPlaceAndUndoesARefusedPut() throws {
        let data = Array(#"{"v":1,"s":"é\"q"}"#.utf8)
        var copied = EncodedRecords(actor: "system", requestId: "seed")
        try copied.append(type: "item", id: "a", op: .put, data: data)
        var written = EncodedRecords(actor: "system", requestId: "seed")
        try written.appendPut(type: "item", id: "a") { $0.append(contentsOf: data) }
        #expect(written.bytes == copied.bytes)
        #expect(written.count == 1)
        for bad in ["", "{\"v\":", "[1]", "\"s\"", "{\"a\":\"x\ny\"}"] {
            #expect(throws: StoreError.self) { try written.appendPut(type: "item", id: "b") { $0.append(contentsOf: Array(bad.utf8)) } }
        }
        #expect(written.bytes == copied.bytes && written.count == 1)
    }
}

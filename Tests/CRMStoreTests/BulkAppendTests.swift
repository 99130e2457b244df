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

    static func batch(_ name: String, items: Int, padding: Int = 0) throws -> EncodedRecords {
        var batch = EncodedRecords(actor: "system", requestId: "seed")
        let pad = String(repeating: "p", count: padding)
        for index in 0..<items {
            try batch.append(type: "item", id: "\(name)-\(index)", op: .put, data: Array(#"{"v":\#(index),"p":"\#(pad)"}"#.utf8))
        }
        return batch
    }

    /// Batches queued without waiting (`submitBulk`) are written in the order they were queued,
    /// whichever ticket is waited for first.
    @Test func queuedBatchesAreWrittenInOrder() async throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let store = try Store.open(directory: directory, options: Self.bulkOptions(), states: [])
        let tickets = try (0..<6).map { batch throws in try store.submitBulk(Self.batch("b\(batch)", items: 50)) }
        for ticket in tickets.reversed() { try await ticket.wait() }
        #expect(store.lastSeq == 300)
        store.close()
        let reopened = try Store.open(directory: directory, states: [MapState()])
        defer { reopened.close() }
        for batch in 0..<6 {
            for index in [0, 49] {
                #expect(try reopened.versions(of: "b\(batch)-\(index)").map(\.seq) == [UInt64(batch * 50 + index + 1)])
            }
        }
    }

    /// A bulk load over many segments (each flushed off the writer thread once full) ends with every
    /// record readable after `finishBulkLoad`, and further batches still go on after it.
    @Test func aBulkLoadOverManySegmentsIsWholeAfterItsFinish() async throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        var options = Self.bulkOptions()
        options.segmentBytes = 4_096
        let store = try Store.open(directory: directory, options: options, states: [])
        let tickets = try (0..<8).map { batch throws in try store.submitBulk(Self.batch("s\(batch)", items: 40, padding: 100)) }
        for ticket in tickets { try await ticket.wait() }
        try await store.finishBulkLoad()
        try await store.bulkAppend(Self.batch("later", items: 5))
        try await store.finishBulkLoad()
        store.close()
        let segments = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".jsonl") }
        #expect(segments.count >= 9, "a segment rolls over after each batch")
        let state = MapState()
        let reopened = try Store.open(directory: directory, states: [state])
        defer { reopened.close() }
        #expect(reopened.lastSeq == 325)
        #expect(state.count == 325)
    }

    /// When a queued batch cannot be written (a full disk), every batch queued after it is refused
    /// too, so the log never holds a batch whose predecessor is missing.
    @Test(.enabled(if: DiskFullTests.canMount, "needs root and tmpfs mounts to fill a disk"))
    func aFailedBatchRefusesTheBatchesQueuedAfterIt() async throws {
        try await DiskFullTests.withSmallDisk(size: "256k") { mountPoint in
            let directory = mountPoint + "/data"
            let store = try Store.open(directory: directory, options: Self.bulkOptions(), states: [])
            let small = try store.submitBulk(Self.batch("small", items: 10))
            let huge = try store.submitBulk(Self.batch("huge", items: 400, padding: 1_000))
            let after = try store.submitBulk(Self.batch("after", items: 10))
            try await small.wait()
            await #expect(throws: StoreError.self) { try await huge.wait() }
            await #expect(throws: StoreError.self) { try await after.wait() }
            #expect(store.lastSeq == 10)
            store.close()
            let reopened = try Store.open(directory: directory, states: [MapState()])
            defer { reopened.close() }
            #expect(reopened.lastSeq == 10)
            #expect(try reopened.versions(of: "after-0").isEmpty)
        }
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

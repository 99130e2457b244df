import CRMStore
import Foundation
import Testing

/// Compaction over real files: live state and the history window kept, dead records dropped, writes
/// going on meanwhile, erase leaving no byte of the erased data, automatic triggering, and a crash
/// at each step leaving a directory that opens with every acknowledged write.
@Suite struct CompactionTests {
    static func options(historyDays: Int = 0, segmentBytes: Int = 4096) -> StoreOptions {
        var options = StoreOptions()
        options.historyDays = historyDays
        options.segmentBytes = segmentBytes
        return options
    }

    static func logFiles(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".jsonl") }.sorted()
    }

    @Test func keepsTheLiveStateAndDropsDeadRecords() async throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let state = MapState()
        let store = try Store.open(directory: directory, options: Self.options(), states: [state])
        for round in 1...3 {
            for index in 0..<100 { try await put(store, "id\(index)", #"{"v":\#(round)}"#) }
        }
        for index in 0..<20 {
            try await store.commit(actor: "test", requestId: "d") { $0.append(type: "item", id: "id\(index)", op: .delete, data: []) }
        }
        #expect(store.recordCounts.records == 320)
        try await Task.sleep(for: .milliseconds(5))
        let report = try await store.compact()
        #expect(report.recordsKept == 80)
        #expect(report.recordsDropped == 240)
        #expect(store.recordCounts.records == 80)
        #expect(store.droppedThrough == 320, "the deletes of id0…id19 (seq 301–320) are dropped too")
        #expect(try Self.logFiles(directory).filter { $0.hasPrefix("snap-") }.count == 1)
        try await put(store, "after", #"{"v":9}"#)
        store.close()

        let again = MapState()
        let reopened = try Store.open(directory: directory, options: Self.options(), states: [again])
        defer { reopened.close() }
        #expect(again.count == 81)
        #expect(again["id50"] == Array(#"{"v":3}"#.utf8))
        #expect(again["id5"] == nil)
        #expect(reopened.lastSeq == 321)
        #expect(reopened.droppedThrough == 320)
        #expect(try reopened.versions(of: "id50").map(\.seq) == [251])
    }

    @Test func keepsHistoryInsideTheWindow() async throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let store = try Store.open(directory: directory, options: Self.options(historyDays: 90), states: [MapState()])
        for round in 1...4 { try await put(store, "a", #"{"v":\#(round)}"#) }
        try await put(store, "b")
        let report = try await store.compact()
        #expect(report.recordsDropped == 0)
        #expect(store.droppedThrough == 0)
        #expect(try store.versions(of: "a").map(\.data) == (1...4).map { Array(#"{"v":\#($0)}"#.utf8) })
        store.close()
        let reopened = try Store.open(directory: directory, options: Self.options(historyDays: 90), states: [MapState()])
        defer { reopened.close() }
        #expect(try reopened.versions(of: "a").count == 4)
        #expect(try reopened.records(after: 2, limit: 10).map(\.seq) == [3, 4, 5])
    }

    @Test func servesWritesAndReadsWhileCompacting() async throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let state = MapState()
        let store = try Store.open(directory: directory, options: Self.options(), states: [state])
        for index in 0..<500 { try await put(store, "old\(index % 50)", #"{"i":\#(index)}"#) }
        try await Task.sleep(for: .milliseconds(5))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { _ = try await store.compact() }
            for writer in 0..<4 {
                group.addTask {
                    for index in 0..<100 { try await put(store, "new\(writer)-\(index)") }
                }
            }
            group.addTask {
                for _ in 0..<50 { _ = try store.records(after: 0, limit: 1000) }
            }
            try await group.waitForAll()
        }
        store.close()
        let again = MapState()
        let reopened = try Store.open(directory: directory, options: Self.options(), states: [again])
        defer { reopened.close() }
        #expect(again.count == 450)
        #expect(again["old7"] == Array(#"{"i":457}"#.utf8))
        // The feed still has every acknowledged record after the compacted ones, in order.
        let feed = try reopened.records(after: 0, limit: 10_000)
        #expect(feed.map(\.seq) == feed.map(\.seq).sorted())
        #expect(Set(feed.map(\.id)).count == 450)
    }

    @Test func eraseLeavesNoByteOfTheErasedDataOnDisk() async throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let store = try Store.open(directory: directory, options: Self.options(historyDays: 90), states: [MapState()])
        try await put(store, "person", #"{"email":"secret.person@example.com"}"#)
        try await put(store, "person", #"{"email":"secret.person@example.com","name":"Secret Person"}"#)
        try await put(store, "other", #"{"email":"kept@example.com"}"#)
        try await store.commit(actor: "test", requestId: "erase") { $0.append(type: "item", id: "person", op: .erase, data: []) }
        _ = try await store.compact()
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
            #expect(bytes.range(of: Data("secret.person".utf8)) == nil, "\(name) still holds the erased data")
        }
        #expect(try store.versions(of: "person").map(\.op) == [.erase])
        #expect(try store.versions(of: "other").count == 1)
        store.close()
    }

    @Test func anEntityAnonymisedInPlaceKeepsOnlyWhatCameAfterItsErase() async throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let store = try Store.open(directory: directory, options: Self.options(historyDays: 90), states: [MapState()])
        try await put(store, "ticket", #"{"subject":"secret.person wants a refund"}"#)
        try await put(store, "ticket", #"{"subject":"secret.person wants a refund now"}"#)
        try await store.commit(actor: "test", requestId: "anonymise") { context in
            context.append(type: "item", id: "ticket", op: .erase, data: [])
            context.append(type: "item", id: "ticket", op: .put, data: Array(#"{"subject":"[erased]"}"#.utf8))
        }
        _ = try await store.compact()
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
            #expect(bytes.range(of: Data("secret.person".utf8)) == nil, "\(name) still holds the anonymised data")
        }
        let versions = try store.versions(of: "ticket")
        #expect(versions.map(\.op) == [.put])
        #expect(String(decoding: versions.last?.data ?? [], as: UTF8.self) == #"{"subject":"[erased]"}"#)
        store.close()
    }

    @Test func compactsAutomaticallyWhenDeadRecordsOutweighLiveOnes() async throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        var options = Self.options()
        options.autoCompactMinRecords = 200
        let store = try Store.open(directory: directory, options: options, states: [MapState()])
        defer { store.close() }
        for index in 0..<199 { try await put(store, "hot", #"{"i":\#(index)}"#) }
        #expect(store.automaticCompaction == nil)
        try await Task.sleep(for: .milliseconds(5))
        try await put(store, "hot", #"{"i":199}"#)
        let started = ContinuousClock.now
        while store.automaticCompaction == nil && ContinuousClock.now - started < .seconds(10) {
            try await Task.sleep(for: .milliseconds(10))
        }
        let report = try #require(try store.automaticCompaction?.get())
        #expect(report.recordsKept == 1)
        #expect(store.recordCounts.records == 1)
    }

    @Test(arguments: CompactionStep.allCases)
    func aCrashAtAnyStepKeepsEveryAcknowledgedWrite(step: CompactionStep) throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        let output = try CrashTests.run(["compact-crash", directory, step.rawValue])
        var expected: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: " ").map(String.init)
            if parts[0] == "put" { expected[parts[1]] = parts[2] } else if parts[0] == "del" { expected[parts[1]] = nil }
        }
        #expect(!output.contains("compacted"), "the fault at \(step) did not stop the child")
        #expect(expected.count == 45)
        let state = MapState()
        let store = try Store.open(directory: directory, options: Self.options(), states: [state])
        defer { store.close() }
        #expect(state.count == expected.count)
        for (id, version) in expected {
            let data = state[id].map { String(decoding: $0, as: UTF8.self) } ?? "missing"
            #expect(data.hasPrefix(#"{"v":\#(version),"#), "\(id) after a crash \(step)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(!files.contains { $0.hasSuffix(".tmp") }, "leftovers after reopening: \(files)")
        let manifest = try String(contentsOfFile: directory + "/MANIFEST", encoding: .utf8).split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
        #expect(Set(try Self.logFiles(directory)) == Set(manifest))
    }
}

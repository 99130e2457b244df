import CRMStore
import CRMTestSupport
import Foundation
import Synchronization
import Testing

/// A state with every index kind, checked against a brute-force scan of its items after a seeded
/// random series of creates, updates (some colliding on the unique key), deletes, restarts and
/// compactions.
@Suite struct IndexPropertyTests {
    struct Item: Equatable {
        var email: String
        var tags: [String]
        var status: String
        var createdSeq: UInt64
        var updatedSeq: UInt64
    }

    struct UpdateKey: Comparable, Hashable, Sendable {
        var seq: UInt64
        var id: String
        static func < (left: UpdateKey, right: UpdateKey) -> Bool { (left.seq, left.id) < (right.seq, right.id) }
    }

    struct Tables {
        var items: [String: Item] = [:]
        var byEmail = UniqueIndex<String, String>()
        var byTag = MultiIndex<String, String>()
        var byStatus = MultiIndex<String, String>()
        var created = OrderedIndex<String>()
        var updated = OrderedIndex<UpdateKey>()
    }

    /// Data is one JSON string `"email|tag,tag|status"`.
    final class ItemState: StoreState, @unchecked Sendable {
        let tables = Mutex(Tables())

        func apply(_ records: [Record]) {
            tables.withLock { tables in
                for record in records {
                    let old = tables.items[record.id]
                    if let old {
                        tables.byEmail.update(record.id, old: old.email, new: nil)
                        tables.byTag.update(record.id, old: old.tags, new: [])
                        tables.byStatus.update(record.id, old: [old.status], new: [])
                        tables.updated.remove(UpdateKey(seq: old.updatedSeq, id: record.id))
                    }
                    guard record.op == .put else {
                        tables.items[record.id] = nil
                        tables.created.remove(record.id)
                        continue
                    }
                    let parts = String(decoding: record.data.dropFirst().dropLast(), as: UTF8.self).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                    let item = Item(email: parts[0], tags: parts[1].split(separator: ",").map(String.init), status: parts[2],
                                    createdSeq: old?.createdSeq ?? record.seq, updatedSeq: record.seq)
                    tables.items[record.id] = item
                    tables.byEmail.update(record.id, old: nil, new: item.email)
                    tables.byTag.update(record.id, old: [], new: item.tags)
                    tables.byStatus.update(record.id, old: [], new: [item.status])
                    if old == nil { tables.created.insert(record.id) }
                    tables.updated.insert(UpdateKey(seq: record.seq, id: record.id))
                }
            }
        }

        func reset() { tables.withLock { $0 = Tables() } }
    }

    struct Conflict: Error {}


    static func verify(_ state: ItemState, _ context: String) {
        state.tables.withLock { tables in
            for (id, item) in tables.items {
                #expect(tables.byEmail.id(for: item.email) == id, "\(context): email of \(id)")
            }
            #expect(tables.byEmail.count == tables.items.count, "\(context): unique index size")
            for tag in ["red", "green", "blue", "gold"] {
                let brute = Set(tables.items.filter { $0.value.tags.contains(tag) }.keys)
                #expect(tables.byTag.ids(for: tag) == brute, "\(context): tag \(tag)")
            }
            for status in ["new", "open", "won"] {
                #expect(tables.byStatus.ids(for: status) == Set(tables.items.filter { $0.value.status == status }.keys), "\(context): \(status)")
            }
            #expect(tables.created.elements() == tables.items.keys.sorted(), "\(context): creation order")
            #expect(tables.items.keys.allSatisfy { tables.created.contains($0) }, "\(context): contains")
            #expect(!tables.created.contains("i999999") && !tables.created.contains("a"), "\(context): contains an absent id")
            #expect(tables.updated.elements().map(\.id) == tables.items.sorted { $0.value.updatedSeq < $1.value.updatedSeq }.map(\.key),
                    "\(context): update order")
            // Paging with a cursor in the middle, both directions.
            let all = tables.created.elements()
            if all.count > 4 {
                let cursor = all[all.count / 2]
                #expect(tables.created.elements(after: cursor, limit: 3) == Array(all[(all.count / 2 + 1)...].prefix(3)), "\(context): page")
                #expect(tables.created.elements(after: cursor, descending: true) == Array(all[..<(all.count / 2)].reversed()), "\(context): desc")
            }
        }
    }

    @Test func indexesAgreeWithABruteForceScan() async throws {
        let directory = makeTemporaryDirectory()
        defer { cleanUp(directory) }
        var random = SeededGenerator(seed: 20_261_129)
        var options = StoreOptions()
        options.segmentBytes = 16 * 1024
        options.historyDays = 0
        var state = ItemState()
        var store = try Store.open(directory: directory, options: options, states: [state])
        var nextId = 0
        let tags = ["red", "green", "blue", "gold"]
        for step in 0..<1500 {
            let existing = state.tables.withLock { Array($0.items.keys) }
            let roll = Int.random(in: 0..<100, using: &random)
            if roll < 2 {
                store.close()
                state = ItemState()
                store = try Store.open(directory: directory, options: options, states: [state])
                Self.verify(state, "after restart at step \(step)")
                continue
            }
            if roll < 3 {
                _ = try await store.compact()
                continue
            }
            if roll < 15, let id = existing.randomElement(using: &random) {
                try await store.commit(actor: "t", requestId: "d") { $0.append(type: "item", id: id, op: .delete, data: []) }
                continue
            }
            let id: String
            if roll < 55, let chosen = existing.randomElement(using: &random) {
                id = chosen
            } else {
                nextId += 1
                id = "i" + String(repeating: "0", count: 6 - String(nextId).count) + String(nextId)
            }
            let email = "u\(Int.random(in: 0..<400, using: &random))@example.com"
            let itemTags = tags.filter { _ in Bool.random(using: &random) }
            let status = ["new", "open", "won"].randomElement(using: &random)!
            let line = Array("\"\(email)|\(itemTags.joined(separator: ","))|\(status)\"".utf8)
            do {
                try await store.commit(actor: "t", requestId: "p") { [state] context in
                    if state.tables.withLock({ $0.byEmail.conflict(email, excluding: id) }) != nil { throw Conflict() }
                    context.append(type: "item", id: id, op: .put, data: line)
                }
            } catch is Conflict {
                continue
            }
            if step % 100 == 0 { Self.verify(state, "step \(step)") }
        }
        Self.verify(state, "at the end")
        store.close()
        let again = ItemState()
        let reopened = try Store.open(directory: directory, options: options, states: [again])
        defer { reopened.close() }
        Self.verify(again, "after the last reopen")
        #expect(again.tables.withLock { $0.items } == state.tables.withLock { $0.items })
        #expect(nextId > 200)
    }
}

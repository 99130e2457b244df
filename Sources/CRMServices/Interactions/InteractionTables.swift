import CRMModel
import CRMStore

/// Where an interaction sits in time order: `occurredAt`, then id to break ties. Lists run newest
/// first, i.e. from the end of the arrays sorted by this key.
struct InteractionKey: Comparable, Hashable {
    var occurredAt: Int64
    var id: InteractionID

    init(occurredAt: Int64, id: InteractionID) {
        self.occurredAt = occurredAt
        self.id = id
    }

    init(_ id: InteractionID, _ summary: InteractionSummary) {
        self.init(occurredAt: summary.occurredAt, id: id)
    }

    static func < (lhs: InteractionKey, rhs: InteractionKey) -> Bool {
        lhs.occurredAt == rhs.occurredAt ? lhs.id < rhs.id : lhs.occurredAt < rhs.occurredAt
    }
}

/// The interactions held in memory (as summaries), ordered by `occurredAt` globally and per
/// contact. Most arrive with `occurredAt` ≈ now and are appended; backfilled ones are inserted by
/// binary search — into one chunk of the global `timeline` (`SortedChunks`), so a backfill into
/// millions moves a few kilobytes, not the whole tail. Removing interactions leaves their keys in
/// `timeline` (skipped, as `byId` no longer has them) until they are a quarter of it; then they are
/// swept out.
struct InteractionTables {
    /// Interaction ids are made from the clock, so they arrive in order (`SortedIDMap`).
    var byId = SortedIDMap<InteractionID, InteractionSummary>()
    var byContact: [ContactID: [InteractionKey]] = [:]
    var timeline = SortedChunks<InteractionKey>()
    private var staleInTimeline = 0

    mutating func insert(_ id: InteractionID, _ summary: InteractionSummary) {
        guard byId.updateValue(summary, forKey: id) == nil else { return }
        let key = InteractionKey(id, summary)
        timeline.insert(key)
        Self.insert(key, into: &byContact[summary.contactId, default: []])
    }

    /// Forgets every interaction of `contact` (it was deleted: its interactions are hidden).
    mutating func removeAll(of contact: ContactID) {
        guard let keys = byContact.removeValue(forKey: contact) else { return }
        for key in keys { byId.removeValue(forKey: key.id) }
        noteStale(keys.count)
    }

    /// Removes one interaction; answers it, or nil when it was not there.
    mutating func remove(_ id: InteractionID) -> InteractionSummary? {
        guard let summary = byId.removeValue(forKey: id) else { return nil }
        let key = InteractionKey(id, summary)
        if var keys = byContact.removeValue(forKey: summary.contactId) {
            let position = Self.firstPosition(notBelow: key, in: keys)
            if position < keys.count, keys[position] == key { keys.remove(at: position) }
            if !keys.isEmpty { byContact[summary.contactId] = keys }
        }
        noteStale(1)
        return summary
    }

    private mutating func noteStale(_ count: Int) {
        staleInTimeline += count
        if staleInTimeline * 4 > timeline.count {
            timeline.removeAll { byId[$0.id] == nil }
            staleInTimeline = 0
        }
    }

    private static func insert(_ key: InteractionKey, into keys: inout [InteractionKey]) {
        if let last = keys.last, key < last {
            keys.insert(key, at: firstPosition(notBelow: key, in: keys))
        } else {
            keys.append(key)
        }
    }

    /// The first position whose key is ≥ `key` (binary search).
    static func firstPosition(notBelow key: InteractionKey, in keys: [InteractionKey]) -> Int { keys.lowerBound(of: key) }
}

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

    init(_ interaction: Interaction) {
        self.init(occurredAt: interaction.fields.occurredAt.millisecondsSinceEpoch, id: interaction.id)
    }

    static func < (lhs: InteractionKey, rhs: InteractionKey) -> Bool {
        lhs.occurredAt == rhs.occurredAt ? lhs.id < rhs.id : lhs.occurredAt < rhs.occurredAt
    }
}

/// The interactions held in memory, ordered by `occurredAt` globally and per contact. Most arrive
/// with `occurredAt` ≈ now and are appended; backfilled ones are inserted by binary search.
/// Removing interactions leaves their keys in `timeline` (skipped, as `byId` no longer has them)
/// until they are a quarter of it; then the array is compacted.
struct InteractionTables {
    var byId: [InteractionID: Interaction] = [:]
    var byContact: [ContactID: [InteractionKey]] = [:]
    var timeline: [InteractionKey] = []
    private var staleInTimeline = 0

    mutating func insert(_ interaction: Interaction) {
        guard byId.updateValue(interaction, forKey: interaction.id) == nil else { return }
        let key = InteractionKey(interaction)
        Self.insert(key, into: &timeline)
        Self.insert(key, into: &byContact[interaction.contactId, default: []])
    }

    /// Forgets every interaction of `contact` (it was deleted: its interactions are hidden).
    mutating func removeAll(of contact: ContactID) {
        guard let keys = byContact.removeValue(forKey: contact) else { return }
        for key in keys { byId[key.id] = nil }
        noteStale(keys.count)
    }

    /// Removes one interaction; answers it, or nil when it was not there.
    mutating func remove(_ id: InteractionID) -> Interaction? {
        guard let interaction = byId.removeValue(forKey: id) else { return nil }
        let key = InteractionKey(interaction)
        if var keys = byContact[interaction.contactId] {
            let position = Self.firstPosition(notBelow: key, in: keys)
            if position < keys.count, keys[position] == key { keys.remove(at: position) }
            byContact[interaction.contactId] = keys.isEmpty ? nil : keys
        }
        noteStale(1)
        return interaction
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

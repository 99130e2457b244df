/// One entity's records, oldest first, in 8 bytes (the locator keeps one per entity, millions of
/// them): an entity with one record holds its location inline; one with more holds the position
/// of its list in `EntityVersionLists`, marked by file id 0, which no file has.
struct EntityVersions: Sendable {
    private let packed: RecordLocation

    init(only location: RecordLocation) {
        precondition(location.file != 0, "file id 0 marks a version list")
        packed = location
    }

    init(listAt position: Int) {
        packed = RecordLocation(file: 0, offset: position, op: .put)
    }

    /// The entity's only location, or nil when it has a list.
    var only: RecordLocation? { packed.file == 0 ? nil : packed }
    /// Where the entity's list is in `EntityVersionLists`, or nil when its one location is inline.
    var listPosition: Int? { packed.file == 0 ? packed.offset : nil }
}

/// The locations of the entities with more than one record (see `EntityVersions`). A list stays
/// until the locator is rebuilt (compaction, reset), as entities are never removed in between.
struct EntityVersionLists: Sendable {
    private var lists: [[RecordLocation]] = []

    func all(_ versions: EntityVersions) -> [RecordLocation] {
        if let only = versions.only { return [only] }
        return lists[versions.listPosition!]
    }

    func last(_ versions: EntityVersions) -> RecordLocation {
        if let only = versions.only { return only }
        let list = lists[versions.listPosition!]
        return list[list.count - 1]
    }

    /// `versions` with `location` appended (its list grows in place, or a list is started).
    mutating func appending(_ location: RecordLocation, to versions: EntityVersions) -> EntityVersions {
        if let position = versions.listPosition {
            lists[position].append(location)
            return versions
        }
        lists.append([versions.only!, location])
        return EntityVersions(listAt: lists.count - 1)
    }
}

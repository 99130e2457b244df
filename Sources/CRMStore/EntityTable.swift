/// Entity → versions for the record locator, one dictionary per kind of id (the prefix of `ct_…`,
/// `ix_…`, `tk_…`; text ids share one). A single dictionary of every entity doubles when it passes
/// 3/4 full: at 1M contacts, 5M interactions and 200k tickets the ~6.3M entities pushed one table
/// from 8.4M to 16.8M buckets (+335 MB). Per kind, the 5M interactions fill their own table to
/// 60 % and the smaller kinds size their own, and a rehash copies one kind only.
struct EntityTable: Sendable {
    private static let shardCount = 64
    private var shards = Array(repeating: [EntityKey: EntityVersions](), count: EntityTable.shardCount)

    private static func shard(of key: EntityKey) -> Int {
        switch key {
        case .packed(let id): return Int(id.prefix % UInt32(shardCount - 1))
        case .text: return shardCount - 1
        }
    }

    subscript(key: EntityKey) -> EntityVersions? {
        get { shards[Self.shard(of: key)][key] }
        set { shards[Self.shard(of: key)][key] = newValue }
    }

    /// Changes the versions of `key` in place (`nil` when it has none yet).
    mutating func update<Result>(_ key: EntityKey, _ body: (inout EntityVersions?) -> Result) -> Result {
        body(&shards[Self.shard(of: key)][key])
    }

    var count: Int { shards.reduce(0) { $0 + $1.count } }

    /// Every entity and its versions (in no particular order).
    func forEach(_ body: (EntityKey, EntityVersions) -> Void) {
        for shard in shards {
            for (key, versions) in shard { body(key, versions) }
        }
    }
}

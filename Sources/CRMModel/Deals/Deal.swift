/// One deal of the sales pipeline as stored and served: the client-written `fields` plus what the
/// server keeps — when it closed, and every stage it entered with the time (kept in the deal's own
/// record, so the history survives compaction and the funnel and sales analytics can read it).
public struct Deal: Sendable, Equatable {
    /// The deal entered `stage` at `enteredAt`.
    public struct StageEntry: Sendable, Equatable {
        public var stage: String
        public var enteredAt: Timestamp

        public init(stage: String, enteredAt: Timestamp) {
            self.stage = stage
            self.enteredAt = enteredAt
        }
    }

    public var id: DealID
    public var fields: DealFields
    /// When the deal entered its won or lost stage; nil while open.
    public var closedAt: Timestamp?
    /// Oldest first; the last entry is the current stage.
    public var stageHistory: [StageEntry]
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var version: Int

    public init(id: DealID, fields: DealFields, closedAt: Timestamp?, stageHistory: [StageEntry],
                createdAt: Timestamp, updatedAt: Timestamp, version: Int = 1) {
        self.id = id
        self.fields = fields
        self.closedAt = closedAt
        self.stageHistory = stageHistory
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// The current stage (the service always sets one).
    public var stage: String { fields.stage ?? stageHistory.last?.stage ?? "" }

    /// The deal as the API shows it (`probability` from the pipeline) and, without it, as the store
    /// keeps it.
    public func write(to writer: inout JSONWriter, probability: Double? = nil) {
        writer.beginObject()
        writer.field("id", id)
        fields.writeMembers(to: &writer)
        if let probability { writer.field("probability", probability) }
        writer.field("closedAt", closedAt)
        writer.field("stageHistory", stageHistory) { writer, entry in
            writer.beginObject()
            writer.field("stage", entry.stage)
            writer.field("enteredAt", entry.enteredAt)
            writer.endObject()
        }
        writer.field("createdAt", createdAt)
        writer.field("updatedAt", updatedAt)
        writer.field("version", version)
        writer.endObject()
    }

    public var storedBytes: [UInt8] {
        var writer = JSONWriter(reservingCapacity: 384)
        write(to: &writer)
        return writer.bytes
    }

    /// Reads back what `write` produced (the store's copy); nil when it is not a deal.
    public init?(stored object: JSONObject) {
        guard let id = object["id"]?.stringValue.flatMap({ DealID($0) }),
              let createdAt = object["createdAt"]?.stringValue.flatMap({ Timestamp(rfc3339: $0) }),
              let updatedAt = object["updatedAt"]?.stringValue.flatMap({ Timestamp(rfc3339: $0) }),
              let version = object["version"]?.numberValue?.int64,
              case .array(let entries)? = object["stageHistory"] else { return nil }
        var history: [StageEntry] = []
        for entry in entries {
            guard let stage = entry["stage"]?.stringValue, let at = entry["enteredAt"]?.stringValue.flatMap({ Timestamp(rfc3339: $0) }) else {
                return nil
            }
            history.append(StageEntry(stage: stage, enteredAt: at))
        }
        var writable = object
        for key in DealFields.readOnlyKeys { writable[key] = nil }
        guard let fields = try? DealFields.read(from: writable) else { return nil }
        let closedAt = object["closedAt"]?.stringValue.flatMap { Timestamp(rfc3339: $0) }
        self.init(id: id, fields: fields, closedAt: closedAt, stageHistory: history, createdAt: createdAt,
                  updatedAt: updatedAt, version: Int(version))
    }
}

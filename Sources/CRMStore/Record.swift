/// One line of the log: a change to one entity, in commit order.
///
/// On disk, one JSON object per line, fields always in this order:
/// ```
/// {"seq":12,"at":1763811519123,"type":"contact","id":"ct_01J…","op":"put","actor":"key_…","req":"req_…","data":{…},"crc":"1a2b3c4d"}
/// ```
/// `at` is milliseconds since the Unix epoch; `data` is the entity's JSON (`null` for delete and erase);
/// `crc` is the CRC-32C (hex) of every byte of the line before `,"crc"`, so a torn or flipped line is caught.
public struct Record: Sendable, Equatable {
    public var seq: UInt64
    public var timestamp: Int64
    public var type: String
    public var id: String
    public var op: RecordOp
    /// The API key id that made the change (`system` for the server itself).
    public var actor: String
    public var requestId: String
    /// The entity as raw JSON bytes (empty for delete and erase); the store never decodes it.
    public var data: [UInt8]

    public init(seq: UInt64, timestamp: Int64, type: String, id: String, op: RecordOp, actor: String, requestId: String, data: [UInt8]) {
        self.seq = seq
        self.timestamp = timestamp
        self.type = type
        self.id = id
        self.op = op
        self.actor = actor
        self.requestId = requestId
        self.data = data
    }
}

/// What a record does to its entity.
public enum RecordOp: String, Sendable {
    /// The entity now has `data` (create or update).
    case put
    case delete
    /// The entity's personal data was erased; a tombstone without data.
    case erase
}

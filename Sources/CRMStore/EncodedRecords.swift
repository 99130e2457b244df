/// Records for a bulk load (`StoreOptions.bulkLoad`), encoded and checked by the caller's thread
/// instead of the writer's: each is its log line's tail — from `"type"` through `data` — and the
/// writer adds only what it alone knows (sequence number, time, checksum). Seeding a million
/// contacts spent most of the writer's time building, checking and encoding `Record`s.
public struct EncodedRecords: Sendable {
    let actor: String
    let requestId: String
    /// The tails, one after another.
    private(set) var bytes: [UInt8] = []
    /// Where each tail ends in `bytes`.
    private(set) var ends: [Int] = []

    public init(actor: String, requestId: String, reservingBytes: Int = 0, records: Int = 0) {
        self.actor = actor
        self.requestId = requestId
        bytes.reserveCapacity(reservingBytes)
        ends.reserveCapacity(records)
    }

    public var count: Int { ends.count }
    public var byteCount: Int { bytes.count }

    /// Adds a record; refuses data the log could not read back, as a commit does.
    public mutating func append(type: String, id: String, op: RecordOp, data: [UInt8]) throws(StoreError) {
        if let problem = RecordCodec.problem(storing: data) { throw .invalidRecord("\(type) \(id): \(problem)") }
        RecordCodec.appendTail(type: type, id: id, op: op, actor: actor, requestId: requestId, data: data, to: &bytes)
        ends.append(bytes.count)
    }

    /// Adds a put whose data `writeData` appends to the bytes it is given (no array per record);
    /// refuses data the log could not read back, leaving the batch as it was.
    public mutating func appendPut(type: String, id: String, writeData: (inout [UInt8]) -> Void) throws(StoreError) {
        let start = bytes.count
        RecordCodec.appendTailFields(type: type, id: id, op: .put, actor: actor, requestId: requestId, to: &bytes)
        let dataStart = bytes.count
        writeData(&bytes)
        precondition(bytes.count >= dataStart, "writeData may only append")
        let problem = dataStart == bytes.count
            ? "a put needs data"
            : bytes.withUnsafeBufferPointer { RecordCodec.problem(storing: UnsafeBufferPointer(rebasing: $0[dataStart...])) }
        if let problem {
            bytes.removeSubrange(start...)
            throw .invalidRecord("\(type) \(id): \(problem)")
        }
        ends.append(bytes.count)
    }

    /// Calls `body` with each tail in order.
    func forEachTail(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        bytes.withUnsafeBufferPointer { all in
            var start = 0
            for end in ends {
                body(UnsafeBufferPointer(rebasing: all[start..<end]))
                start = end
            }
        }
    }
}

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

    /// `,"op":"put","actor":…,"req":…,"data":`, the same for every put of the batch.
    private let putTailEnd: [UInt8]

    public init(actor: String, requestId: String, reservingBytes: Int = 0, records: Int = 0) {
        self.actor = actor
        self.requestId = requestId
        var end: [UInt8] = []
        RecordCodec.appendTailEnd(op: .put, actor: actor, requestId: requestId, to: &end)
        putTailEnd = end
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

    /// Adds a put whose data `writeData` appends to the bytes it is given (no array per record),
    /// leaving the batch as it was when the data is not one JSON object on one line or the type or
    /// id would need escaping.
    ///
    /// `writeData` is meant for `JSONWriter`, whose encoders are each tested to write well-formed
    /// JSON, so only the shape is checked here — braces at both ends, no raw newline — and not every
    /// byte (`problem(storing:)` re-parsing each record was 9% of a million-contact seed's CPU).
    public mutating func appendPut(type: String, id: String, writeData: (inout [UInt8]) -> Void) throws(StoreError) {
        try appendPut(type: type, writeId: { $0.append(contentsOf: id.utf8) }, writeData: writeData)
    }

    /// `appendPut(type:id:writeData:)` with the id's text, too, appended by the caller (`writeId`)
    /// instead of made into a `String` first.
    public mutating func appendPut(type: String, writeId: (inout [UInt8]) -> Void,
                                   writeData: (inout [UInt8]) -> Void) throws(StoreError) {
        let start = bytes.count
        bytes.append(contentsOf: #","type":""#.utf8)
        var type = type
        let plainType = type.withUTF8 { utf8 in
            bytes.append(contentsOf: utf8)
            return RecordCodec.needsNoEscaping(utf8)
        }
        bytes.append(contentsOf: #"","id":""#.utf8)
        let idStart = bytes.count
        writeId(&bytes)
        let idEnd = bytes.count
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: putTailEnd)
        let dataStart = bytes.count
        writeData(&bytes)
        precondition(idEnd >= idStart && bytes.count >= dataStart, "writeId and writeData may only append")
        let problem = bytes.withUnsafeBufferPointer { all -> String? in
            guard plainType, RecordCodec.needsNoEscaping(UnsafeBufferPointer(rebasing: all[idStart..<idEnd])) else {
                return "type or id needs escaping"
            }
            guard dataStart < all.count else { return "a put needs data" }
            return RecordCodec.shapeProblem(storingObject: UnsafeBufferPointer(rebasing: all[dataStart...]))
        }
        if let problem {
            let id = String(decoding: bytes[idStart..<idEnd], as: UTF8.self)
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

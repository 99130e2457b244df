/// One support ticket as stored and served: the client-written `fields` plus what the server keeps
/// (number, workflow timestamps, SLA clock, satisfaction, version). The stored record is the API
/// view, so the changes feed, webhooks and analytics see exactly what clients see.
public struct Ticket: Sendable, Equatable {
    public var id: TicketID
    /// Human ticket number: 1001, 1002, … in creation order, never reused.
    public var number: Int
    public var fields: TicketFields
    /// The first public agent comment's time.
    public var firstResponseAt: Timestamp?
    /// When the ticket last became solved (cleared when it is reopened).
    public var solvedAt: Timestamp?
    public var closedAt: Timestamp?
    public var sla: TicketSLA
    public var satisfaction: TicketSatisfaction?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var version: Int

    public init(id: TicketID, number: Int, fields: TicketFields, sla: TicketSLA, createdAt: Timestamp) {
        self.id = id
        self.number = number
        self.fields = fields
        self.sla = sla
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.version = 1
    }

    /// Whether the SLA clocks run (they stop while the ticket is solved or closed).
    public var isSLARunning: Bool { fields.status.isUnresolved }

    /// Sets the SLA flags of targets passed unmet as of `now`; answers whether a flag changed.
    @discardableResult
    public mutating func evaluateSLA(now: Timestamp) -> Bool {
        sla.evaluate(firstResponseAt: firstResponseAt, solvedAt: solvedAt, isRunning: isSLARunning, now: now)
    }

    /// When the SLA timer should look at this ticket next (nil: nothing pending).
    public var nextSLADeadline: Timestamp? {
        sla.nextDeadline(firstResponseAt: firstResponseAt, solvedAt: solvedAt, isRunning: isSLARunning)
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writeMembers(to: &writer)
        writer.endObject()
    }

    /// The members of `write(to:)` without the braces (for views that add members).
    public func writeMembers(to writer: inout JSONWriter) {
        writer.field("id", id)
        writer.field("number", number)
        fields.writeMembers(to: &writer)
        writer.field("firstResponseAt", firstResponseAt)
        writer.field("solvedAt", solvedAt)
        writer.field("closedAt", closedAt)
        writer.key("sla")
        sla.write(to: &writer)
        writer.key("satisfaction")
        if let satisfaction { satisfaction.write(to: &writer) } else { writer.null() }
        writer.field("createdAt", createdAt)
        writer.field("updatedAt", updatedAt)
        writer.field("version", version)
    }

    public var jsonBytes: [UInt8] {
        var writer = JSONWriter(reservingCapacity: 768)
        write(to: &writer)
        return writer.bytes
    }

    /// Reads back what `write` produced (the store's copy); nil when it is not a ticket.
    public init?(stored object: JSONObject) {
        guard let id = object["id"]?.stringValue.flatMap(TicketID.init),
              let number = object["number"]?.numberValue?.int64,
              let sla = object["sla"]?.objectValue.flatMap(TicketSLA.init(stored:)),
              let createdAt = Self.timestamp(object["createdAt"]), let updatedAt = Self.timestamp(object["updatedAt"]),
              let version = object["version"]?.numberValue?.int64 else { return nil }
        var writable = object
        for key in TicketFields.readOnlyKeys { _ = writable.removeValue(forKey: key) }
        guard let fields = try? TicketFields.read(from: writable) else { return nil }
        self.init(id: id, number: Int(number), fields: fields, sla: sla, createdAt: createdAt)
        self.updatedAt = updatedAt
        self.version = Int(version)
        firstResponseAt = Self.timestamp(object["firstResponseAt"])
        solvedAt = Self.timestamp(object["solvedAt"])
        closedAt = Self.timestamp(object["closedAt"])
        satisfaction = object["satisfaction"]?.objectValue.flatMap(TicketSatisfaction.init(stored:))
    }

    static func timestamp(_ value: JSONValue?) -> Timestamp? {
        value?.stringValue.flatMap { Timestamp(rfc3339: $0) }
    }
}

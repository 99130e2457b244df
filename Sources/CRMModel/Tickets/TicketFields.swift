/// The part of a ticket a client writes (SPEC §3 "Tickets"), validated as a whole: creation reads it
/// from the body; PATCH applies the merge patch to the current fields and reads the result again.
/// Whether a status change is allowed, and whether `contactId`/`assigneeId` name something that
/// exists, is the service's business (it needs the current state).
public struct TicketFields: Sendable, Equatable {
    public var contactId: ContactID
    public var subject: String
    public var description: String?
    public var channel: TicketChannel = .api
    public var priority: TicketPriority = .normal
    public var status: TicketStatus = .new
    public var assigneeId: AgentID?
    public var tags: [String] = []
    public var dueAt: Timestamp?

    public init(contactId: ContactID, subject: String) {
        self.contactId = contactId
        self.subject = subject
    }

    public static let maxSubjectLength = 500
    public static let maxDescriptionLength = 50_000
    public static let maxTags = 50
    public static let maxTagLength = 64
    /// Fields only the server sets; sending them is 422 `read_only`.
    public static let readOnlyKeys = ["id", "number", "firstResponseAt", "solvedAt", "closedAt", "sla", "satisfaction",
                                      "createdAt", "updatedAt", "version"]

    /// The writable fields as JSON members, in a fixed order (absent optionals are `null`).
    public func writeMembers(to writer: inout JSONWriter) {
        writer.field("contactId", contactId)
        writer.field("subject", subject)
        writer.field("description", description)
        writer.field("channel", channel.rawValue)
        writer.field("priority", priority.rawValue)
        writer.field("status", status.rawValue)
        writer.field("assigneeId", assigneeId)
        writer.field("tags", tags)
        writer.field("dueAt", dueAt)
    }
}

extension TicketFields {
    /// The fields in `object`; throws every problem at once (unknown, read-only, invalid).
    public static func read(from object: JSONObject) throws(FieldErrors) -> TicketFields {
        var reader = ObjectReader(object)
        reader.rejectReadOnly(readOnlyKeys)
        let contactId = reader.id("contactId", as: ContactID.self, required: true)
        var subject = reader.string("subject", maxLength: maxSubjectLength, required: true)
        if let text = subject, text.allSatisfy(\.isWhitespace) {
            reader.record(.invalidValue("subject", "must not be empty"))
            subject = nil
        }
        var fields = TicketFields(contactId: contactId ?? ContactID(ULID(rawValue: 0)), subject: subject ?? "")
        fields.description = reader.string("description", maxLength: maxDescriptionLength)
        fields.channel = reader.enumValue("channel", as: TicketChannel.self) ?? .api
        fields.priority = reader.enumValue("priority", as: TicketPriority.self) ?? .normal
        fields.status = reader.enumValue("status", as: TicketStatus.self) ?? .new
        fields.assigneeId = reader.id("assigneeId", as: AgentID.self)
        fields.tags = reader.uniqueTags("tags", maxCount: maxTags, maxLength: maxTagLength)
        fields.dueAt = reader.timestamp("dueAt")
        try reader.finish()
        return fields
    }
}

extension TicketFields: JSONMembersWriting {}

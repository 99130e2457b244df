/// One comment on a ticket (SPEC §3): written by an agent or by the customer, public (the customer
/// sees it) or internal (agents only). Comments are immutable once posted; the server rewrites one
/// only when its ticket moves to another contact or the person is erased.
public struct TicketComment: Sendable, Equatable {
    public enum AuthorType: String, Sendable, CaseIterable { case agent, customer }

    /// What a client sends: `{authorType, authorId?, body, public?}`.
    public struct Fields: Sendable, Equatable {
        public var authorType: AuthorType
        /// An agent id (`ag_…`) for agents; a contact id (`ct_…`) for customers.
        public var authorId: String?
        public var body: String
        public var isPublic: Bool

        public init(authorType: AuthorType, authorId: String?, body: String, isPublic: Bool = true) {
            self.authorType = authorType
            self.authorId = authorId
            self.body = body
            self.isPublic = isPublic
        }

        public static let maxBodyLength = 50_000
        public static let readOnlyKeys = ["id", "ticketId", "createdAt", "updatedAt", "version"]

        /// Reads and checks the shape: `authorId` is required for agents and must be an agent id,
        /// for customers it must be a contact id when given; a customer comment is always public.
        public static func read(from object: JSONObject) throws(FieldErrors) -> Fields {
            var reader = ObjectReader(object)
            reader.rejectReadOnly(readOnlyKeys)
            let type = reader.enumValue("authorType", as: AuthorType.self, required: true)
            var authorId: String?
            switch type {
            case .agent?: authorId = reader.id("authorId", as: AgentID.self, required: true)?.description
            case .customer?: authorId = reader.id("authorId", as: ContactID.self)?.description
            case nil: authorId = reader.string("authorId", maxLength: 64)
            }
            var body = reader.string("body", maxLength: maxBodyLength, required: true)
            if let text = body, text.allSatisfy(\.isWhitespace) {
                reader.record(.invalidValue("body", "must not be empty"))
                body = nil
            }
            let isPublic = reader.bool("public") ?? true
            if type == .customer && !isPublic {
                reader.record(.invalidValue("public", "a customer comment is always public"))
            }
            try reader.finish()
            return Fields(authorType: type ?? .agent, authorId: authorId, body: body ?? "", isPublic: isPublic)
        }
    }

    public var id: TicketCommentID
    public var ticketId: TicketID
    public var fields: Fields
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var version: Int

    public init(id: TicketCommentID, ticketId: TicketID, fields: Fields, createdAt: Timestamp) {
        self.id = id
        self.ticketId = ticketId
        self.fields = fields
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.version = 1
    }

    /// Whether this comment counts as the first response (SPEC §3: a public agent comment).
    public var isPublicAgentReply: Bool { fields.authorType == .agent && fields.isPublic }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("id", id)
        writer.field("ticketId", ticketId)
        writer.field("authorType", fields.authorType.rawValue)
        writer.field("authorId", fields.authorId)
        writer.field("body", fields.body)
        writer.field("public", fields.isPublic)
        writer.field("createdAt", createdAt)
        writer.field("updatedAt", updatedAt)
        writer.field("version", version)
        writer.endObject()
    }

    public var jsonBytes: [UInt8] {
        var writer = JSONWriter(reservingCapacity: 256 + fields.body.utf8.count)
        write(to: &writer)
        return writer.bytes
    }

    /// Reads back what `write` produced; nil when it is not a comment.
    public init?(stored object: JSONObject) {
        guard let id = object["id"]?.stringValue.flatMap(TicketCommentID.init),
              let ticketId = object["ticketId"]?.stringValue.flatMap(TicketID.init),
              let type = object["authorType"]?.stringValue.flatMap(AuthorType.init(rawValue:)),
              let body = object["body"]?.stringValue, let isPublic = object["public"]?.boolValue,
              let createdAt = Ticket.timestamp(object["createdAt"]), let updatedAt = Ticket.timestamp(object["updatedAt"]),
              let version = object["version"]?.numberValue?.int64 else { return nil }
        self.init(id: id, ticketId: ticketId, fields: Fields(authorType: type, authorId: object["authorId"]?.stringValue, body: body,
                                                               isPublic: isPublic), createdAt: createdAt)
        self.updatedAt = updatedAt
        self.version = Int(version)
    }
}

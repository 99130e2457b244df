/// A support agent tickets are routed to (SPEC §3 "Agents and routing"). `lastAssignedAt` is kept
/// by the server (the routing tie-break); how many unresolved tickets the agent holds is derived
/// from the tickets and shown beside the stored fields.
public struct Agent: Sendable, Equatable {
    public struct Fields: Sendable, Equatable {
        public var name: String
        public var email: String
        /// Matched against ticket tags by routing.
        public var skills: [String] = []
        /// Inactive agents keep their tickets but get no new ones.
        public var isActive = true

        public init(name: String, email: String, skills: [String] = [], isActive: Bool = true) {
            self.name = name
            self.email = email
            self.skills = skills
            self.isActive = isActive
        }

        public static let maxNameLength = 200
        public static let maxSkills = 50
        public static let maxSkillLength = 64
        public static let readOnlyKeys = ["id", "openTicketCount", "lastAssignedAt", "createdAt", "updatedAt", "version"]

        public func writeMembers(to writer: inout JSONWriter) {
            writer.field("name", name)
            writer.field("email", email)
            writer.field("skills", skills)
            writer.field("active", isActive)
        }

        public static func read(from object: JSONObject) throws(FieldErrors) -> Fields {
            var reader = ObjectReader(object)
            reader.rejectReadOnly(readOnlyKeys)
            var name = reader.string("name", maxLength: maxNameLength, required: true)
            if let text = name, text.allSatisfy(\.isWhitespace) {
                reader.record(.invalidValue("name", "must not be empty"))
                name = nil
            }
            let email = reader.string("email", maxLength: 254, required: true)
            if let email, !EmailAddress.isValid(email) {
                reader.record(.invalidValue("email", "must be an email address such as agent@example.com"))
            }
            var fields = Fields(name: name ?? "", email: email ?? "")
            if let skills = reader.stringArray("skills", maxCount: maxSkills, maxLength: maxSkillLength) {
                for (position, skill) in skills.enumerated() {
                    if skill.isEmpty { reader.record(.invalidValue("skills[\(position)]", "must not be empty")) }
                    if !fields.skills.contains(skill) { fields.skills.append(skill) }
                }
            }
            fields.isActive = reader.bool("active") ?? true
            try reader.finish()
            return fields
        }
    }

    public var id: AgentID
    public var fields: Fields
    public var lastAssignedAt: Timestamp?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var version: Int

    public init(id: AgentID, fields: Fields, createdAt: Timestamp) {
        self.id = id
        self.fields = fields
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.version = 1
    }

    /// The agent as the API shows it: stored fields plus `openTicketCount`.
    public func write(to writer: inout JSONWriter, openTicketCount: Int) {
        writer.beginObject()
        writeStoredMembers(to: &writer)
        writer.field("openTicketCount", openTicketCount)
        writer.endObject()
    }

    /// The agent as the store keeps it (no derived count).
    public var storedBytes: [UInt8] {
        var writer = JSONWriter(reservingCapacity: 256)
        writer.beginObject()
        writeStoredMembers(to: &writer)
        writer.endObject()
        return writer.bytes
    }

    private func writeStoredMembers(to writer: inout JSONWriter) {
        writer.field("id", id)
        fields.writeMembers(to: &writer)
        writer.field("lastAssignedAt", lastAssignedAt)
        writer.field("createdAt", createdAt)
        writer.field("updatedAt", updatedAt)
        writer.field("version", version)
    }

    public init?(stored object: JSONObject) {
        guard let id = object["id"]?.stringValue.flatMap(AgentID.init),
              let createdAt = Ticket.timestamp(object["createdAt"]), let updatedAt = Ticket.timestamp(object["updatedAt"]),
              let version = object["version"]?.numberValue?.int64 else { return nil }
        var writable = object
        for key in Fields.readOnlyKeys { _ = writable.removeValue(forKey: key) }
        guard let fields = try? Fields.read(from: writable) else { return nil }
        self.init(id: id, fields: fields, createdAt: createdAt)
        self.lastAssignedAt = Ticket.timestamp(object["lastAssignedAt"])
        self.updatedAt = updatedAt
        self.version = Int(version)
    }
}

extension Agent.Fields: JSONMembersWriting {}

import CRMModel
import CRMRouter

/// A persistent API key: who may call the API and with which role. The secret itself is never
/// stored — only its SHA-256 digest (hex) and its first characters, so a listing can tell keys apart.
public struct APIKey: Sendable, Equatable {
    public var id: APIKeyID
    public var name: String
    public var role: Role
    /// The first 8 characters of the secret (`crm_1a2b`), shown in listings.
    public var prefix: String
    public var digest: String
    public var createdAt: Timestamp
    public var createdBy: String

    /// The public view (no digest); `secret` is added only in the answer that creates the key.
    func write(to writer: inout JSONWriter, secret: String? = nil) {
        write(to: &writer, secret: secret, includingDigest: false)
    }

    /// The stored form: the public view plus the digest.
    var storedBytes: [UInt8] {
        var writer = JSONWriter(reservingCapacity: 256)
        write(to: &writer, secret: nil, includingDigest: true)
        return writer.bytes
    }

    private func write(to writer: inout JSONWriter, secret: String?, includingDigest: Bool) {
        writer.beginObject()
        writer.field("id", id)
        writer.field("name", name)
        writer.field("role", role.rawValue)
        writer.field("prefix", prefix)
        writer.field("createdAt", createdAt)
        writer.field("createdBy", createdBy)
        if includingDigest { writer.field("digest", digest) }
        if let secret { writer.field("key", secret) }
        writer.endObject()
    }

    init(id: APIKeyID, name: String, role: Role, prefix: String, digest: String, createdAt: Timestamp, createdBy: String) {
        self.id = id
        self.name = name
        self.role = role
        self.prefix = prefix
        self.digest = digest
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    init?(stored object: JSONObject) {
        guard let id = object["id"]?.stringValue.flatMap(APIKeyID.init), let name = object["name"]?.stringValue,
              let role = object["role"]?.stringValue.flatMap(Role.init(rawValue:)), let prefix = object["prefix"]?.stringValue,
              let digest = object["digest"]?.stringValue, let created = object["createdAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)),
              let createdBy = object["createdBy"]?.stringValue else { return nil }
        self.init(id: id, name: name, role: role, prefix: prefix, digest: digest, createdAt: created, createdBy: createdBy)
    }

    /// The body of `POST /v1/admin/api-keys`: `{"name", "role"}`.
    static func readRequest(_ object: JSONObject) throws(FieldErrors) -> (name: String, role: Role) {
        var reader = ObjectReader(object)
        let name = reader.string("name", maxLength: 100, required: true)
        let role = reader.enumValue("role", as: Role.self, required: true)
        if let name, name.trimmingCharacters(in: .whitespaces).isEmpty {
            reader.record(.invalidValue("name", "must not be blank"))
        }
        try reader.finish()
        return (name ?? "", role ?? .readonly)
    }
}

extension KeyDigest {
    static func hex(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: digest.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
    }
}

import CRMModel
import CRMSegments

/// A saved segment filter (SPEC §3): `{id, name, description, filter, createdAt, updatedAt, version}`.
/// Its members are worked out whenever they are asked for (relative dates against that moment);
/// nothing about them is stored. The stored record is the public view.
struct Segment: Sendable, Equatable {
    var id: SegmentID
    var fields: SegmentFields
    var createdAt: Timestamp
    var updatedAt: Timestamp
    var version: Int

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("id", id)
        fields.writeMembers(to: &writer)
        writer.field("createdAt", createdAt)
        writer.field("updatedAt", updatedAt)
        writer.field("version", version)
        writer.endObject()
    }

    var jsonBytes: [UInt8] {
        var writer = JSONWriter(reservingCapacity: 512)
        write(to: &writer)
        return writer.bytes
    }

    init(id: SegmentID, fields: SegmentFields, createdAt: Timestamp, updatedAt: Timestamp, version: Int) {
        self.id = id
        self.fields = fields
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    init?(stored object: JSONObject) {
        guard let id = object["id"]?.stringValue.flatMap(SegmentID.init),
              let createdAt = object["createdAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)),
              let updatedAt = object["updatedAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)),
              let version = object["version"]?.numberValue?.int64 else { return nil }
        var writable = object
        for key in SegmentFields.readOnlyKeys { _ = writable.removeValue(forKey: key) }
        guard let fields = try? SegmentFields.read(from: writable) else { return nil }
        self.init(id: id, fields: fields, createdAt: createdAt, updatedAt: updatedAt, version: Int(version))
    }
}

/// What a client writes on a segment: `name` (1–200 characters), `description` (≤ 1,000, optional)
/// and `filter` (a segment filter; 422 naming the bad part).
struct SegmentFields: Sendable, Equatable {
    var name: String
    var description: String?
    var filter: SegmentFilter

    static let readOnlyKeys = ["id", "createdAt", "updatedAt", "version"]

    static func read(from object: JSONObject) throws(FieldErrors) -> SegmentFields {
        var reader = ObjectReader(object)
        reader.rejectReadOnly(readOnlyKeys)
        let name = reader.string("name", maxLength: 200, required: true)
        if name?.isEmpty == true { reader.record(.invalidValue("name", "must not be empty")) }
        let description = reader.string("description", maxLength: 1000)
        var filter: SegmentFilter?
        if let value = reader.value("filter", required: true) {
            do throws(FieldErrors) {
                filter = try SegmentFilter(json: value, path: "filter")
            } catch {
                reader.record(error.errors)
            }
        }
        try reader.finish()
        guard let name, let filter else { throw FieldErrors([.required("filter")]) }
        return SegmentFields(name: name, description: description, filter: filter)
    }

    func writeMembers(to writer: inout JSONWriter) {
        writer.field("name", name)
        writer.field("description", description)
        writer.key("filter")
        filter.write(to: &writer)
    }

    /// The writable fields as an object (what a merge patch applies to).
    var jsonObject: JSONObject {
        ["name": .string(name), "description": description.map(JSONValue.string) ?? .null, "filter": filter.jsonValue]
    }
}

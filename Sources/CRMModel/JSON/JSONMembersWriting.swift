/// A set of writable fields that writes itself as JSON members (`writeMembers`): the members a
/// resource's representation embeds and the object a merge patch applies to.
public protocol JSONMembersWriting {
    /// The writable fields as JSON members, in a fixed order (absent optionals are `null`).
    func writeMembers(to writer: inout JSONWriter)
}

extension JSONMembersWriting {
    /// The writable fields as a JSON object (the target of a merge patch).
    public var jsonObject: JSONObject {
        var writer = JSONWriter(reservingCapacity: 512)
        writer.beginObject()
        writeMembers(to: &writer)
        writer.endObject()
        return (try? JSONParser().parse(writer.bytes))?.objectValue ?? JSONObject()
    }
}

import CRMModel

/// A contact body as the contacts service reads it: create (`ContactFields.read`) and PATCH (merge
/// onto the stored fields, read again). Accepted fields must survive the store's round trip.
enum ContactBodyCheck {
    static let storedContact = Contact(
        id: ContactID(ULID(milliseconds: 1_700_000_000_000, randomness: 42)),
        fields: {
            var fields = ContactFields()
            fields.email = "anna@example.com"
            fields.firstName = "Anna"
            fields.tags = ["vip"]
            fields.address = ContactFields.Address(city: "Lyon")
            fields.socialHandles = ["x": "@anna"]
            return fields
        }(),
        createdAt: Timestamp(millisecondsSinceEpoch: 1_700_000_000_000),
        updatedAt: Timestamp(millisecondsSinceEpoch: 1_700_000_001_000))

    static func check(_ object: JSONObject) throws(FuzzFinding) {
        if let fields = try? ContactFields.read(from: object) {
            try checkStored(fields)
        }
        let readOnly = ContactFields.readOnlyKeys.filter { object[$0] != nil }
        guard readOnly.isEmpty else { return } // the service answers 422 before merging
        guard case .object(let merged) = MergePatch.apply(patch: .object(object), to: .object(storedContact.fields.jsonObject)) else {
            throw FuzzFinding("merge patch of an object gave a non-object")
        }
        if let fields = try? ContactFields.read(from: merged) {
            try checkStored(fields)
        }
    }

    /// Accepted fields written as the store writes them read back equal, and as PATCH reads them.
    static func checkStored(_ fields: ContactFields) throws(FuzzFinding) {
        var contact = storedContact
        contact.fields = fields
        let bytes = contact.storedBytes
        guard case .object(let object)? = try? JSONParser().parse(bytes) else {
            throw FuzzFinding("stored contact bytes do not parse: \(escaped(bytes))")
        }
        guard let replayed = Contact(stored: object) else {
            throw FuzzFinding("accepted contact does not replay from the store: \(escaped(bytes))")
        }
        try require(replayed.fields == fields, "contact changed through the store: \(escaped(bytes))")
        let reread: ContactFields
        do {
            reread = try ContactFields.read(from: fields.jsonObject)
        } catch {
            throw FuzzFinding("accepted contact fields refused when read again: \(error) for \(escaped(bytes))")
        }
        try require(reread == fields, "contact fields changed when read again: \(escaped(bytes))")
    }
}

/// An interaction body as the interactions service reads it; accepted interactions must replay.
enum InteractionBodyCheck {
    static let now = Timestamp(millisecondsSinceEpoch: 1_750_000_000_000)

    static func check(_ object: JSONObject) throws(FuzzFinding) {
        guard let fields = try? InteractionFields.read(from: object, now: now) else { return }
        let interaction = Interaction(id: InteractionID(ULID(milliseconds: 1_750_000_000_000, randomness: 7)),
                                      contactId: ContactBodyCheck.storedContact.id, fields: fields, createdAt: now)
        let bytes = interaction.jsonBytes
        guard case .object(let stored)? = try? JSONParser().parse(bytes) else {
            throw FuzzFinding("interaction bytes do not parse: \(escaped(bytes))")
        }
        guard let replayed = Interaction(stored: stored) else {
            throw FuzzFinding("accepted interaction does not replay from the store: \(escaped(bytes))")
        }
        try require(replayed == interaction, "interaction changed through the store: \(escaped(bytes))")
    }
}

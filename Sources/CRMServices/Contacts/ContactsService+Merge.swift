import CRMModel
import CRMRouter

extension ContactsService {
    /// Merges `duplicateId` into `idText` in one commit (SPEC §3): the kept contact's empty fields
    /// are filled from the duplicate, tags, social handles and custom fields are united (within the
    /// usual limits), the duplicate's interactions, tickets, deals and deliveries move over, and the duplicate is deleted.
    func merge(_ idText: String, body: JSONObject, ifMatch: Int?, actor: String, requestId: String) async throws -> Contact {
        var reader = ObjectReader(body)
        let duplicateText = reader.string("duplicateId", maxLength: 64, required: true)
        try reader.finish()
        guard let id = ContactID(idText) else { throw Problem.notFound("No contact with id '\(idText)'.") }
        guard let duplicateText, let duplicateId = ContactID(duplicateText) else {
            throw FieldErrors([.invalidValue("duplicateId", "must be a contact id (ct_…)")])
        }
        guard duplicateId != id else { throw FieldErrors([.invalidValue("duplicateId", "must be another contact than the one kept")]) }
        try await store.commit(actor: actor, requestId: requestId) { [state, links, interactionReader] context in
            guard let kept = state.contact(id) else { throw Problem.notFound("No contact with id '\(idText)'.") }
            guard let duplicate = state.contact(duplicateId) else { throw Problem.notFound("No contact with id '\(duplicateText)' to merge.") }
            try Preconditions.check(ifMatch: ifMatch, version: kept.version)
            let fields = ContactMerge.fields(keeping: kept.fields, from: duplicate.fields)
            try state.checkUnique(fields, for: id, ignoring: duplicateId)
            for interactionId in state.interactionIds(of: duplicateId) {
                guard var moved = try interactionReader.interaction(InteractionRef(id: interactionId, contactId: duplicateId)) else { continue }
                moved.contactId = id
                context.append(type: ContactsState.interactionRecordType, id: interactionId.description, op: .delete, data: [])
                context.append(type: ContactsState.interactionRecordType, id: interactionId.description, op: .put, data: moved.jsonBytes)
            }
            for link in links { link.moveLinked(from: duplicateId, to: id, in: &context) }
            context.append(type: ContactsState.recordType, id: duplicateId.description, op: .delete, data: [])
            var merged = kept
            merged.fields = fields
            merged.stagesReached |= duplicate.allStagesReached
            merged.updatedAt = Timestamp(millisecondsSinceEpoch: context.timestamp)
            merged.version += 1
            context.append(type: ContactsState.recordType, id: id.description, op: .put, data: merged.storedBytes)
        }
        // As the API shows it: facts now include the moved interactions.
        return try contact(idText)
    }
}

/// How two contacts' fields combine in a merge.
enum ContactMerge {
    static func fields(keeping kept: ContactFields, from other: ContactFields) -> ContactFields {
        var fields = kept
        fields.email = kept.email ?? other.email
        fields.firstName = kept.firstName ?? other.firstName
        fields.lastName = kept.lastName ?? other.lastName
        fields.phone = kept.phone ?? other.phone
        fields.company = kept.company ?? other.company
        fields.title = kept.title ?? other.title
        fields.address = kept.address ?? other.address
        fields.preferredChannel = kept.preferredChannel ?? other.preferredChannel
        fields.ownerId = kept.ownerId ?? other.ownerId
        fields.externalId = kept.externalId ?? other.externalId
        for tag in other.tags where !fields.tags.contains(tag) && fields.tags.count < ContactFields.maxTags { fields.tags.append(tag) }
        for (network, handle) in other.socialHandles where fields.socialHandles[network] == nil { fields.socialHandles[network] = handle }
        for (key, value) in other.customFields where fields.customFields[key] == nil && fields.customFields.count < ContactFields.maxCustomFields {
            fields.customFields[key] = value
        }
        return fields
    }
}

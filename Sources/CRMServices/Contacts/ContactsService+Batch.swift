import CRMModel
import CRMRouter

/// Bulk sync (`POST /v1/contacts/batch`): upsert up to 1,000 contacts by email or externalId in ONE
/// store commit (one write, one fsync). Items run in order as if sent one by one: fields present
/// overwrite (a JSON merge patch onto the match), absent ones stay; an item that changes nothing is
/// `unchanged` (no record, no new version); a later item with the same key as an earlier one
/// updates the contact the earlier one created or updated. A bad item fails alone.
extension ContactsService {
    func sync(_ batch: ContactBatchRequest, actor: String, requestId: String) async throws -> ContactBatchOutcome {
        // Everything that does not depend on the stored contacts is checked before the writer.
        let prepared = batch.items.map { Self.prepare($0, batch) }
        return try await store.commit(actor: actor, requestId: requestId) { [state] context in
            var overlay = ContactBatchOverlay(state: state)
            let now = Timestamp(millisecondsSinceEpoch: context.timestamp)
            var results: [ContactBatchResult] = []
            results.reserveCapacity(prepared.count)
            for (index, item) in prepared.enumerated() {
                switch item {
                case .failure(let problem):
                    results.append(.failed(index, problem))
                case .success(let (patch, fields, key)):
                    let match = batch.matchOn == .email ? overlay.owner(email: key) : overlay.owner(externalId: key)
                    let result = Self.upsert(index, patch: patch, fields: fields, match: match, &overlay, now: now)
                    if result.status == .created || result.status == .updated, let id = result.id, let contact = overlay.changed[id] {
                        context.append(type: ContactsState.recordType, id: id.description, op: .put, data: contact.storedBytes)
                    }
                    results.append(result)
                }
            }
            return ContactBatchOutcome(results: results)
        }
    }

    /// The item's own fields, validated as a contact, and its match key; or the item's 422.
    private static func prepare(_ item: JSONValue, _ batch: ContactBatchRequest)
        -> Swift.Result<(JSONObject, ContactFields, String), Problem> {
        guard case .object(let patch) = item else {
            return .failure(.validation([.invalidType("", expected: "a contact object")], detail: "The item is not a JSON object."))
        }
        do {
            let fields = try ContactFields.read(from: patch)
            guard let key = batch.key(of: fields) else {
                let field = batch.matchOn.rawValue
                return .failure(.validation([FieldError(field: field, code: "required", message: "is required to match on \(field)")]))
            }
            return .success((patch, fields, key))
        } catch {
            return .failure(.validation(error.errors))
        }
    }

    /// Creates the contact, or merges `patch` onto `match`, in the overlay; the item's result.
    static func upsert(_ index: Int, patch: JSONObject, fields: ContactFields, match: ContactID?,
                       _ overlay: inout ContactBatchOverlay, now: Timestamp) -> ContactBatchResult {
        guard let id = match, let current = overlay.contact(id) else {
            if let problem = overlay.conflict(fields, for: nil) { return .failed(index, problem) }
            let contact = Contact(id: ContactID.make(), fields: fields, createdAt: now, updatedAt: now)
            overlay.put(contact)
            return ContactBatchResult(index: index, status: .created, id: contact.id)
        }
        let merged = MergePatch.apply(patch: patch, to: current.fields.jsonObject)
        let updatedFields: ContactFields
        do { updatedFields = try ContactFields.read(from: merged) } catch { return .failed(index, .validation(error.errors), id: id) }
        guard updatedFields != current.fields else { return ContactBatchResult(index: index, status: .unchanged, id: id) }
        if let problem = overlay.conflict(updatedFields, for: id) { return .failed(index, problem, id: id) }
        var updated = current
        updated.fields = updatedFields
        updated.updatedAt = now
        updated.version += 1
        overlay.put(updated)
        return ContactBatchResult(index: index, status: .updated, id: id)
    }
}

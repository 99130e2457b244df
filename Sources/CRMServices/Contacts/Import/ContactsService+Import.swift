import CRMModel
import CRMRouter

/// Streamed import (`POST /v1/contacts/import`): rows are decoded as the body arrives and upserted
/// in chunks of `importChunkSize`, each chunk ONE store commit (the batch machinery: the same
/// validation, overlay and per-item results), durable before the next piece of the body is read, so
/// memory stays bounded by a chunk whatever the body's size. A row matches an existing contact by
/// email (case-insensitively); a row without an email matches by externalId; otherwise it creates.
/// Bad rows fail alone. A dry run does everything but write: its overlay spans the whole body so a
/// later row with an earlier row's email counts as an update, as it would for real.
extension ContactsService {
    static let importChunkSize = 1000

    func importContacts(from pieces: some AsyncSequence<[UInt8], any Error>, format: ContactImportFormat, isDryRun: Bool,
                        actor: String, requestId: String) async throws -> ContactImportSummary {
        var decoder = ContactImportDecoder(format: format)
        var summary = ContactImportSummary(isDryRun: isDryRun)
        var dryRunOverlay = ContactBatchOverlay(state: state)
        var rows: [ContactImportRow] = []
        rows.reserveCapacity(Self.importChunkSize)
        func flush() async throws {
            let chunk = rows
            rows.removeAll(keepingCapacity: true)
            let prepared = chunk.map(Self.prepareImport)
            let results = isDryRun
                ? Self.upsertImport(prepared, into: &dryRunOverlay, now: Timestamp.now()).results
                : try await commitImport(prepared, actor: actor, requestId: requestId)
            for (row, result) in zip(chunk, results) { summary.count(result, line: row.line) }
        }
        for try await piece in pieces {
            try decoder.feed(piece, into: &rows)
            if rows.count >= Self.importChunkSize { try await flush() }
        }
        try decoder.finish(into: &rows)
        if !rows.isEmpty { try await flush() }
        return summary
    }

    /// One chunk in one commit; the results in row order.
    private func commitImport(_ prepared: [PreparedImportRow], actor: String, requestId: String) async throws -> [ContactBatchResult] {
        try await store.commit(actor: actor, requestId: requestId) { [state] context in
            var overlay = ContactBatchOverlay(state: state)
            let (results, changes) = Self.upsertImport(prepared, into: &overlay, now: Timestamp(millisecondsSinceEpoch: context.timestamp))
            for contact in changes {
                context.append(type: ContactsState.recordType, id: contact.id.description, op: .put, data: contact.storedBytes)
            }
            return results
        }
    }

    typealias PreparedImportRow = Swift.Result<(patch: JSONObject, fields: ContactFields), Problem>

    /// The row's fields validated as a contact (everything that does not need the stored contacts).
    private static func prepareImport(_ row: ContactImportRow) -> PreparedImportRow {
        row.patch.flatMap { patch in
            do throws(FieldErrors) {
                return .success((patch, try ContactFields.read(from: patch)))
            } catch {
                return .failure(.validation(error.errors))
            }
        }
    }

    /// Upserts the rows into `overlay`; the results, and each version created on the way (a record each,
    /// as a batch writes them, so two rows changing one contact make two versions).
    private static func upsertImport(_ prepared: [PreparedImportRow], into overlay: inout ContactBatchOverlay,
                                     now: Timestamp) -> (results: [ContactBatchResult], changes: [Contact]) {
        var results: [ContactBatchResult] = []
        results.reserveCapacity(prepared.count)
        var changes: [Contact] = []
        for (index, row) in prepared.enumerated() {
            switch row {
            case .failure(let problem):
                results.append(.failed(index, problem))
            case .success(let (patch, fields)):
                let match = fields.email.flatMap { overlay.owner(email: $0) }
                    ?? (fields.email == nil ? fields.externalId.flatMap { overlay.owner(externalId: $0) } : nil)
                let result = upsert(index, patch: patch, fields: fields, match: match, &overlay, now: now)
                if result.status == .created || result.status == .updated, let id = result.id, let contact = overlay.changed[id] {
                    changes.append(contact)
                }
                results.append(result)
            }
        }
        return (results, changes)
    }
}

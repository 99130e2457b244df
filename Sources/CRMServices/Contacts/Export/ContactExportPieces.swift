import CRMModel

/// The body of `GET /v1/contacts/export`, produced a batch at a time so the whole export is never in
/// memory: CSV (a header row with the import columns, then one row per contact) or NDJSON (one
/// contact per line as the API shows it). `next()` answers the bytes of the next batch of up to
/// `batchSize` contacts, nil at the end.
struct ContactExportPieces: Sendable {
    enum Format: String, Sendable, CaseIterable { case csv, ndjson }

    static let batchSize = 500

    let state: ContactsState
    let query: ContactListQuery
    let format: Format
    private var columns: ContactCSVColumns?
    private var after: ContactID?
    private var isStarted = false
    private var isDone = false

    init(state: ContactsState, query: ContactListQuery, format: Format) {
        self.state = state
        self.query = query
        self.format = format
    }

    mutating func next() -> [UInt8]? {
        guard !isDone else { return nil }
        var out: [UInt8] = []
        if !isStarted {
            isStarted = true
            if format == .csv {
                let columns = exportColumns()
                self.columns = columns
                CSVFieldWriter.appendRow(columns.names, to: &out)
            }
        }
        repeat {
            after = state.walkExport(after: after, query: query, limit: Self.batchSize) { [format, columns] contact in
                switch format {
                case .csv: CSVFieldWriter.appendRow(columns?.cells(of: contact.fields) ?? [], to: &out)
                case .ndjson:
                    var writer = JSONWriter(reservingCapacity: 640)
                    contact.write(to: &writer)
                    out.append(contentsOf: writer.bytes)
                    out.append(10)
                }
            }
            if after == nil { isDone = true }
        } while out.isEmpty && !isDone
        return out.isEmpty && isDone ? nil : out
    }

    /// The CSV columns: the fixed ones, and every social network and custom-field key that a
    /// matching contact holds when the export starts (one pass over the matches, keys only).
    private func exportColumns() -> ContactCSVColumns {
        var networks: Set<String> = []
        var keys: Set<String> = []
        var position: ContactID?
        repeat {
            position = state.walkExport(after: position, query: query, limit: Int.max) { contact in
                networks.formUnion(contact.fields.socialHandles.keys)
                keys.formUnion(contact.fields.customFields.keys)
            }
        } while position != nil
        return ContactCSVColumns.export(socialNetworks: networks, customFieldKeys: keys)
    }
}

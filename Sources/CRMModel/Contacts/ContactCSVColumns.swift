/// The CSV columns of a contact, shared by import (a header row → which field each cell fills) and
/// export (a contact → one cell per column), so an exported file imports as is.
///
/// Columns: `email, firstName, lastName, phone, company, title, externalId, lifecycleStage, ownerId,
/// preferredChannel, tags, address.street|city|region|postalCode|country, consent.email|sms`, and
/// `customFields.<key>`, `socialHandles.<network>`. Names are matched ignoring ASCII case and
/// surrounding spaces (the `<key>` / `<network>` part keeps its case). Cell rules are in
/// `ContactCSVCells`.
public struct ContactCSVColumns: Sendable, Equatable {
    public enum Column: Sendable, Equatable {
        /// A top-level string member (`email`, `lifecycleStage`, …).
        case member(String)
        case tags
        case address(String)
        case consent(String)
        case customField(String)
        case socialHandle(String)
    }

    public static let memberNames = ["email", "firstName", "lastName", "phone", "company", "title", "externalId",
                                     "lifecycleStage", "ownerId", "preferredChannel"]
    public static let addressParts = ["street", "city", "region", "postalCode", "country"]
    public static let consentChannels = ["email", "sms"]
    /// Every fixed column, in export order (custom fields and social handles follow).
    public static let fixedNames = memberNames + ["tags"] + addressParts.map { "address." + $0 } + consentChannels.map { "consent." + $0 }

    public let columns: [Column]

    public init(_ columns: [Column]) {
        self.columns = columns
    }

    /// The columns named by a header row. Unknown or repeated names, and a header without any of
    /// `email`, `phone`, `externalId`, are errors naming the column (field `columns[<n>]`, 1-based).
    public init(header: [String]) throws(FieldErrors) {
        var columns: [Column] = []
        var errors: [FieldError] = []
        for (position, raw) in header.enumerated() {
            let name = raw.trimmingASCIISpacesForCSV()
            let field = "columns[\(position + 1)]"
            guard let column = Self.column(named: name) else {
                errors.append(FieldError(field: field, code: "unknown_field",
                                         message: "'\(name)' is not a contact column; accepted: \(Self.fixedNames.joined(separator: ", ")), customFields.<key>, socialHandles.<network>"))
                continue
            }
            if columns.contains(column) {
                errors.append(FieldError(field: field, code: "duplicate", message: "'\(name)' appears more than once"))
            }
            columns.append(column)
        }
        if errors.isEmpty && !columns.contains(where: { [.member("email"), .member("phone"), .member("externalId")].contains($0) }) {
            errors.append(FieldError(field: "columns", code: "required", message: "the header needs one of email, phone, externalId"))
        }
        if !errors.isEmpty { throw FieldErrors(errors) }
        self.columns = columns
    }

    /// The export columns: the fixed ones, then the given social networks and custom-field keys (sorted).
    public static func export(socialNetworks: some Sequence<String>, customFieldKeys: some Sequence<String>) -> ContactCSVColumns {
        var columns: [Column] = memberNames.map { .member($0) } + [.tags] + addressParts.map { .address($0) }
            + consentChannels.map { .consent($0) }
        columns += socialNetworks.sorted().map { .socialHandle($0) }
        columns += customFieldKeys.sorted().map { .customField($0) }
        return ContactCSVColumns(columns)
    }

    /// The header row.
    public var names: [String] { columns.map(\.name) }

    private static func column(named name: String) -> Column? {
        let lower = name.lowercased()
        if let member = memberNames.first(where: { $0.lowercased() == lower }) { return .member(member) }
        if lower == "tags" { return .tags }
        for (prefix, make) in [("address.", Column.address), ("consent.", Column.consent)] where lower.hasPrefix(prefix) {
            let parts = prefix == "address." ? addressParts : consentChannels
            let rest = lower.dropFirst(prefix.count)
            return parts.first { $0.lowercased() == rest }.map(make)
        }
        for (prefix, make) in [("customfields.", Column.customField), ("socialhandles.", Column.socialHandle)] where lower.hasPrefix(prefix) {
            let key = String(name.dropFirst(prefix.count))
            return key.isEmpty ? nil : make(key)
        }
        return nil
    }
}

extension ContactCSVColumns.Column {
    public var name: String {
        switch self {
        case .member(let name): name
        case .tags: "tags"
        case .address(let part): "address." + part
        case .consent(let channel): "consent." + channel
        case .customField(let key): "customFields." + key
        case .socialHandle(let network): "socialHandles." + network
        }
    }
}

extension String {
    func trimmingASCIISpacesForCSV() -> String {
        let bytes = Array(utf8)
        guard let first = bytes.firstIndex(where: { $0 != 32 && $0 != 9 }),
              let last = bytes.lastIndex(where: { $0 != 32 && $0 != 9 }) else { return "" }
        if first == 0 && last == bytes.count - 1 { return self }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}

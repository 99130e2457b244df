/// Cells ⇄ contact fields for the CSV columns (`ContactCSVColumns`):
/// - an empty cell means "not given": a new contact leaves the field unset, an existing one keeps it;
/// - `tags`: tags separated by `;`, spaces around each trimmed, empty ones dropped; a `;` or `\`
///   inside a tag is written `\;` / `\\`;
/// - `consent.*`: `true` or `false` (also `yes`/`no`, `1`/`0`, any case);
/// - `customFields.<key>`: a JSON scalar literal (`42`, `-1.5`, `true`, `false`, `null`, `"text"`) is
///   that value, any other text is a string; export writes a string as a JSON literal only when it
///   would otherwise read back as something else (`"42"`), so values keep their type both ways;
/// - every other column is text, validated afterwards like a create (`ContactFields.read`).
extension ContactCSVColumns {
    /// The row as a JSON object of contact fields (a merge patch); errors name the column.
    public func patch(from cells: [String]) throws(FieldErrors) -> JSONObject {
        guard cells.count == columns.count else {
            throw FieldErrors([FieldError(field: "", code: "invalid_row",
                                          message: "the row has \(cells.count) fields; the header has \(columns.count)")])
        }
        var object = JSONObject()
        var address = JSONObject()
        var consent = JSONObject()
        var customFields = JSONObject()
        var socialHandles = JSONObject()
        var errors: [FieldError] = []
        for (column, cell) in zip(columns, cells) where !cell.isEmpty {
            switch column {
            case .member(let name): _ = object.insertNew(name, .string(cell))
            case .tags: _ = object.insertNew("tags", .array(Self.tags(in: cell).map(JSONValue.string)))
            case .address(let part): _ = address.insertNew(part, .string(cell))
            case .consent(let channel):
                if let value = Self.bool(cell) { _ = consent.insertNew(channel, .bool(value)) } else {
                    errors.append(.invalidValue(column.name, "must be true or false, not '\(cell)'"))
                }
            case .customField(let key): _ = customFields.insertNew(key, Self.customValue(cell))
            case .socialHandle(let network): _ = socialHandles.insertNew(network, .string(cell))
            }
        }
        if !errors.isEmpty { throw FieldErrors(errors) }
        for (name, members) in [("address", address), ("consent", consent), ("customFields", customFields),
                                ("socialHandles", socialHandles)] where !members.isEmpty {
            _ = object.insertNew(name, .object(members))
        }
        return object
    }

    /// One cell per column for `fields`.
    public func cells(of fields: ContactFields) -> [String] {
        columns.map { column in
            switch column {
            case .member(let name): Self.member(name, of: fields) ?? ""
            case .tags: fields.tags.map(Self.escapedTag).joined(separator: ";")
            case .address(let part): Self.addressPart(part, of: fields.address) ?? ""
            case .consent(let channel): String(channel == "sms" ? fields.consent.sms : fields.consent.email)
            case .customField(let key): fields.customFields[key].map(Self.customCell) ?? ""
            case .socialHandle(let network): fields.socialHandles[network] ?? ""
            }
        }
    }

    static func tags(in cell: String) -> [String] {
        var tags: [String] = []
        var current: [UInt8] = []
        var isEscaped = false
        func close() {
            let tag = String(decoding: current, as: UTF8.self).trimmingASCIISpacesForCSV()
            if !tag.isEmpty { tags.append(tag) }
            current.removeAll()
        }
        for byte in cell.utf8 {
            if isEscaped { current.append(byte); isEscaped = false } else if byte == 92 { isEscaped = true } else if byte == 59 { close() } else {
                current.append(byte)
            }
        }
        close()
        return tags
    }

    static func escapedTag(_ tag: String) -> String {
        guard tag.utf8.contains(where: { $0 == 59 || $0 == 92 }) else { return tag }
        return tag.replacing("\\", with: "\\\\").replacing(";", with: "\\;")
    }

    static func bool(_ cell: String) -> Bool? {
        switch cell.trimmingASCIISpacesForCSV().lowercased() {
        case "true", "yes", "1": true
        case "false", "no", "0": false
        default: nil
        }
    }

    static func customValue(_ cell: String) -> JSONValue {
        guard let first = cell.utf8.first, first == 34 || first == 45 || (48...57).contains(first) || first == 116 || first == 102 || first == 110,
              let value = try? JSONParser().parse(cell) else { return .string(cell) }
        switch value {
        case .array, .object: return .string(cell)
        default: return value
        }
    }

    static func customCell(_ value: JSONValue) -> String {
        if case .string(let text) = value, customValue(text) == value, !text.isEmpty { return text }
        return value.description
    }

    private static func member(_ name: String, of fields: ContactFields) -> String? {
        switch name {
        case "email": fields.email
        case "firstName": fields.firstName
        case "lastName": fields.lastName
        case "phone": fields.phone
        case "company": fields.company
        case "title": fields.title
        case "externalId": fields.externalId
        case "lifecycleStage": fields.lifecycleStage.rawValue
        case "ownerId": fields.ownerId
        case "preferredChannel": fields.preferredChannel?.rawValue
        default: nil
        }
    }

    private static func addressPart(_ part: String, of address: ContactFields.Address?) -> String? {
        switch part {
        case "street": address?.street
        case "city": address?.city
        case "region": address?.region
        case "postalCode": address?.postalCode
        case "country": address?.country
        default: nil
        }
    }
}

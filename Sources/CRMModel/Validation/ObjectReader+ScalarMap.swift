/// A free-form object of scalars, as contacts' `customFields` and interactions' `metadata` hold:
/// at most `maxCount` members, each a string (≤ `maxStringLength` characters), number, boolean or null.
extension ObjectReader {
    public mutating func scalarMap(_ key: String, maxCount: Int, maxStringLength: Int = 2000) -> JSONObject {
        guard let value = value(key) else { return JSONObject() }
        guard case .object(let members) = value else {
            record(.invalidType(fieldPath(key), expected: "an object"))
            return JSONObject()
        }
        if members.count > maxCount { record(.tooMany(fieldPath(key), maximum: maxCount)) }
        for (name, member) in members {
            switch member {
            case .string(let text) where Self.fits(text, maxLength: maxStringLength): continue
            case .number, .bool, .null: continue
            default:
                record(.invalidValue(fieldPath(key) + "." + name,
                                     "must be a string (≤ \(maxStringLength) characters), number, boolean or null"))
            }
        }
        return members
    }
}

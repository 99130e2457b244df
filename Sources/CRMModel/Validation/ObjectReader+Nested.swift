/// The compound getters of `ObjectReader`: arrays of strings, nested objects and arrays of
/// objects. Elements are reported by index (`tags[3]`, `items[2].sku`); a nested object is read
/// by a child reader whose errors, including its unknown fields, join this reader's list.
extension ObjectReader {
    /// An array of at most `maxCount` strings, each at most `maxLength` characters.
    public mutating func stringArray(
        _ key: String, maxCount: Int = .max, maxLength: Int = .max, required: Bool = false
    ) -> [String]? {
        guard let elements = array(key, maxCount: maxCount, required: required) else { return nil }
        let errorCount = errors.count
        var strings: [String] = []
        strings.reserveCapacity(elements.count)
        for (position, element) in elements.enumerated() {
            let elementPath = fieldPath(key) + "[\(position)]"
            guard case .string(let text) = element else {
                record(.invalidType(elementPath, expected: "a string"))
                continue
            }
            guard Self.fits(text, maxLength: maxLength) else {
                record(.tooLong(elementPath, maximum: maxLength))
                continue
            }
            strings.append(text)
        }
        return errors.count == errorCount ? strings : nil
    }

    /// A nested object, read by `read` with a child reader. Nil when the member is absent,
    /// `null` or not an object, or when reading it found errors.
    public mutating func object<Value>(
        _ key: String, required: Bool = false, _ read: (inout ObjectReader) -> Value
    ) -> Value? {
        guard let value = value(key, required: required) else { return nil }
        guard case .object(let members) = value else {
            return reject(key, .invalidType(fieldPath(key), expected: "an object"))
        }
        return readChild(members, path: fieldPath(key), read)
    }

    /// An array of at most `maxCount` objects, each read by `read` with its own child reader.
    /// Nil when any element had errors.
    public mutating func objectArray<Value>(
        _ key: String, maxCount: Int = .max, required: Bool = false, _ read: (inout ObjectReader) -> Value
    ) -> [Value]? {
        guard let elements = array(key, maxCount: maxCount, required: required) else { return nil }
        let errorCount = errors.count
        var values: [Value] = []
        values.reserveCapacity(elements.count)
        for (position, element) in elements.enumerated() {
            let elementPath = fieldPath(key) + "[\(position)]"
            guard case .object(let members) = element else {
                record(.invalidType(elementPath, expected: "an object"))
                continue
            }
            if let value = readChild(members, path: elementPath, read) { values.append(value) }
        }
        return errors.count == errorCount ? values : nil
    }

    /// The member as an array of at most `maxCount` elements.
    private mutating func array(_ key: String, maxCount: Int, required: Bool) -> [JSONValue]? {
        guard let value = value(key, required: required) else { return nil }
        guard case .array(let elements) = value else {
            return reject(key, .invalidType(fieldPath(key), expected: "an array"))
        }
        guard elements.count <= maxCount else {
            return reject(key, .tooMany(fieldPath(key), maximum: maxCount))
        }
        return elements
    }

    private mutating func readChild<Value>(
        _ members: JSONObject, path: String, _ read: (inout ObjectReader) -> Value
    ) -> Value? {
        var child = ObjectReader(members, path: path)
        let value = read(&child)
        let childErrors = child.closeAndCollectErrors()
        record(childErrors)
        return childErrors.isEmpty ? value : nil
    }
}

extension ObjectReader {
    /// Tags (or skills): at most `maxCount` strings of 1 to `maxLength` characters; an empty one is
    /// refused by position, repeats are dropped (first position kept). Absent gives [].
    public mutating func uniqueTags(_ key: String, maxCount: Int, maxLength: Int) -> [String] {
        guard let tags = stringArray(key, maxCount: maxCount, maxLength: maxLength) else { return [] }
        var unique: [String] = []
        for (position, tag) in tags.enumerated() {
            if tag.isEmpty { record(.invalidValue(fieldPath(key) + "[\(position)]", "must not be empty")) }
            if !unique.contains(tag) { unique.append(tag) }
        }
        return unique
    }
}

/// Strict, error-collecting decoding of one JSON object from a request body.
///
/// Each typed getter reads one member, marks it as read and, when the value is missing or bad,
/// records a `FieldError` with the member's full path and returns nil instead of throwing, so one
/// pass finds every problem. `finish()` then adds `unknown_field` for each member nobody read
/// and throws all errors together as `FieldErrors`:
///
///     var reader = ObjectReader(body)
///     reader.rejectReadOnly(["id", "createdAt", "version"])
///     let name = reader.string("name", maxLength: 200, required: true)
///     let city = reader.object("address") { $0.string("city", maxLength: 100) } ?? nil
///     try reader.finish()
///
/// Optional members may be absent or `null` (both read as nil); required ones must be present
/// and not `null`. Nested objects and arrays of objects are read by child readers whose errors
/// join this reader's list (see `ObjectReader+Nested.swift`).
public struct ObjectReader: Sendable {
    /// Where this object sits in the body: "" at the top, `address`, `items[2]` below it.
    public let path: String
    public let object: JSONObject
    /// The problems found so far, in the order they were found.
    public private(set) var errors: [FieldError] = []
    /// Which members (by position in `object`) a getter has read.
    private var isRead: [Bool]

    public init(_ object: JSONObject, path: String = "") {
        self.object = object
        self.path = path
        self.isRead = Array(repeating: false, count: object.count)
    }

    /// The full path of member `key`, as `FieldError.field` reports it.
    public func fieldPath(_ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }

    /// Adds a problem found outside the getters (a business rule, a cross-field check).
    public mutating func record(_ error: FieldError) {
        errors.append(error)
    }

    public mutating func record(_ errors: some Sequence<FieldError>) {
        self.errors.append(contentsOf: errors)
    }

    /// Whether member `key` is present (even as `null`); does not mark it read.
    public func contains(_ key: String) -> Bool {
        object.contains(key: key)
    }

    /// Member `key` as raw JSON, marked read. Absent and `null` give nil; a required one records
    /// `required`.
    public mutating func value(_ key: String, required: Bool = false) -> JSONValue? {
        guard let position = object.position(of: key) else {
            if required { record(.required(fieldPath(key))) }
            return nil
        }
        isRead[position] = true
        let value = object.member(at: position).value
        if value.isNull {
            if required { record(.required(fieldPath(key))) }
            return nil
        }
        return value
    }

    /// Records `read_only` for each of `keys` that is present (even as `null`) and marks it read.
    public mutating func rejectReadOnly(_ keys: [String]) {
        for key in keys {
            guard let position = object.position(of: key) else { continue }
            isRead[position] = true
            record(.readOnly(fieldPath(key)))
        }
    }

    /// Marks every member not read yet as `unknown_field`, and hands back all errors.
    mutating func closeAndCollectErrors() -> [FieldError] {
        for (position, wasRead) in isRead.enumerated() where !wasRead {
            isRead[position] = true
            record(.unknownField(fieldPath(object.member(at: position).key)))
        }
        return errors
    }

    /// Ends reading: records `unknown_field` for every member not read, then throws every error
    /// found, or returns when there were none.
    public mutating func finish() throws(FieldErrors) {
        let errors = closeAndCollectErrors()
        if !errors.isEmpty { throw FieldErrors(errors) }
    }
}

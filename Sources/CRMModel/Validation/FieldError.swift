/// One problem with one field of a request body, as it appears in a 422 answer's `errors`
/// list: `{"field": "address.city", "code": "too_long", "message": "must be at most 100 characters"}`.
///
/// `field` is the full path (`address.city`, `tags[3]`); `code` is a stable machine-readable
/// word clients can switch on; `message` is for people.
public struct FieldError: Sendable, Hashable, Codable, CustomStringConvertible {
    public var field: String
    public var code: String
    public var message: String

    public init(field: String, code: String, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }

    public var description: String { "\(field): \(message) (\(code))" }

    /// The body has a member no one asked for (unknown fields are refused, never dropped).
    public static func unknownField(_ field: String) -> FieldError {
        FieldError(field: field, code: "unknown_field", message: "is not a known field")
    }

    /// The client tried to set a field only the server sets (`id`, `createdAt`, `version`).
    public static func readOnly(_ field: String) -> FieldError {
        FieldError(field: field, code: "read_only", message: "is read-only")
    }

    public static func required(_ field: String) -> FieldError {
        FieldError(field: field, code: "required", message: "is required")
    }

    /// The value has the wrong JSON type; `expected` reads after "must be" (`"a string"`).
    public static func invalidType(_ field: String, expected: String) -> FieldError {
        FieldError(field: field, code: "invalid_type", message: "must be \(expected)")
    }

    /// The value has the right type but is not acceptable; `message` says why.
    public static func invalidValue(_ field: String, _ message: String) -> FieldError {
        FieldError(field: field, code: "invalid_value", message: message)
    }

    public static func tooLong(_ field: String, maximum: Int) -> FieldError {
        FieldError(field: field, code: "too_long", message: "must be at most \(maximum) characters")
    }

    public static func tooMany(_ field: String, maximum: Int) -> FieldError {
        FieldError(field: field, code: "too_many", message: "must have at most \(maximum) elements")
    }
}

/// Every field error found in one request body, thrown together so the client can fix them all
/// at once.
public struct FieldErrors: Swift.Error, Sendable, Equatable, CustomStringConvertible {
    public var errors: [FieldError]

    public init(_ errors: [FieldError]) {
        self.errors = errors
    }

    public var description: String {
        errors.map(\.description).joined(separator: "; ")
    }
}

extension JSONWriter {
    /// Writes `{"field": …, "code": …, "message": …}`.
    public mutating func fieldError(_ error: FieldError) {
        beginObject()
        field("field", error.field)
        field("code", error.code)
        field("message", error.message)
        endObject()
    }
}

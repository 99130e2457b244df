/// Interim field error (replaced by the model branch's on merge).
public struct FieldError: Sendable, Equatable {
    public var field: String
    public var code: String
    public var message: String
    public init(field: String, code: String, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }
}

import CRMHTTP
import CRMModel

/// An RFC 9457 problem: thrown by handlers and services, turned into an
/// `application/problem+json` response in one place (`ProblemMiddleware`).
public struct Problem: Swift.Error, Sendable {
    public var status: HTTPStatus
    /// A URI naming the kind of problem; `about:blank` means "just the status".
    public var type: String
    public var title: String
    public var detail: String
    public var errors: [FieldError]
    /// Extra header fields (`Allow`, `WWW-Authenticate`, `Retry-After`).
    public var headers: HTTPFields

    public init(status: HTTPStatus, type: String = "about:blank", title: String? = nil, detail: String,
                errors: [FieldError] = [], headers: HTTPFields = HTTPFields()) {
        self.status = status
        self.type = type
        self.title = title ?? status.reason
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    public static func badRequest(_ detail: String) -> Problem {
        Problem(status: .badRequest, type: ProblemType.malformedRequest, detail: detail)
    }

    public static func notFound(_ detail: String) -> Problem {
        Problem(status: .notFound, type: ProblemType.notFound, detail: detail)
    }

    public static func validation(_ errors: [FieldError], detail: String = "The request body has invalid fields.") -> Problem {
        Problem(status: .unprocessableContent, type: ProblemType.validation, title: "Validation failed", detail: detail, errors: errors)
    }

    public static func conflict(_ detail: String) -> Problem {
        Problem(status: .conflict, type: ProblemType.conflict, detail: detail)
    }

    /// The problem as an HTTP response.
    public var response: Response {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("type"); writer.string(type)
        writer.key("title"); writer.string(title)
        writer.key("status"); writer.int(status.code)
        writer.key("detail"); writer.string(detail)
        if !errors.isEmpty {
            writer.key("errors")
            writer.beginArray()
            for error in errors {
                writer.beginObject()
                writer.key("field"); writer.string(error.field)
                writer.key("code"); writer.string(error.code)
                writer.key("message"); writer.string(error.message)
                writer.endObject()
            }
            writer.endArray()
        }
        writer.endObject()
        return Response(status: status, contentType: "application/problem+json", bytes: writer.bytes, headers: headers)
    }
}

/// The problem `type` URIs this API uses; each is described in `openapi.yaml`.
public enum ProblemType {
    public static let malformedRequest = "urn:crm:problem:malformed-request"
    public static let validation = "urn:crm:problem:validation"
    public static let notFound = "urn:crm:problem:not-found"
    public static let methodNotAllowed = "urn:crm:problem:method-not-allowed"
    public static let unauthorized = "urn:crm:problem:unauthorized"
    public static let forbidden = "urn:crm:problem:forbidden"
    public static let conflict = "urn:crm:problem:conflict"
    public static let unsupportedMediaType = "urn:crm:problem:unsupported-media-type"
    public static let tooLarge = "urn:crm:problem:too-large"
    public static let internalError = "urn:crm:problem:internal"
}

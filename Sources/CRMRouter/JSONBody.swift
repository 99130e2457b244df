import CRMHTTP
import CRMModel

/// Strict JSON request bodies at the edge: 415 for another media type, 400 for malformed JSON
/// (with line and column), 422 when the top level is not an object. Field-level checks (unknown,
/// read-only, wrong type) happen in the services with `ObjectReader`, which report 422 with paths.
extension Request {
    /// The media types a JSON body may declare.
    public static let jsonMediaTypes: Set<String> = ["application/json"]
    /// What PATCH accepts (RFC 7396 merge patch, or plain JSON).
    public static let mergePatchMediaTypes: Set<String> = ["application/json", "application/merge-patch+json"]

    /// The body parsed as a JSON object.
    public func jsonObject(accepting mediaTypes: Set<String> = Request.jsonMediaTypes, limit: Int = 10 * 1024 * 1024) async throws -> JSONObject {
        let value = try await json(accepting: mediaTypes, limit: limit)
        guard case .object(let object) = value else {
            throw Problem.validation([FieldError(field: "", code: "invalid_type", message: "The body must be a JSON object.")],
                                     detail: "The request body must be a JSON object.")
        }
        return object
    }

    /// The body parsed as any JSON value.
    public func json(accepting mediaTypes: Set<String> = Request.jsonMediaTypes, limit: Int = 10 * 1024 * 1024) async throws -> JSONValue {
        try requireMediaType(mediaTypes)
        let bytes = try await body.collect(upTo: limit)
        guard !bytes.isEmpty else { throw Problem.badRequest("The request body is empty; a JSON document is expected.") }
        do {
            return try JSONParser().parse(bytes)
        } catch {
            throw Problem.badRequest("The request body is not valid JSON: \(error.message).")
        }
    }

    /// 415 unless `Content-Type` names one of `mediaTypes` (parameters allowed; a charset must be UTF-8).
    public func requireMediaType(_ mediaTypes: Set<String>) throws {
        let expected = mediaTypes.sorted().joined(separator: " or ")
        guard let header = fields["Content-Type"] else {
            throw Problem(status: .unsupportedMediaType, type: ProblemType.unsupportedMediaType,
                          detail: "Send the body with 'Content-Type: \(expected)'.")
        }
        let parts = header.split(separator: ";").map { $0.trimmingASCIISpaces().lowercased() }
        let mediaType = parts.first ?? ""
        let charsetIsUTF8 = parts.dropFirst().allSatisfy { parameter in
            !parameter.hasPrefix("charset=") || ["charset=utf-8", "charset=\"utf-8\"", "charset=utf8"].contains(parameter)
        }
        guard mediaTypes.contains(mediaType), charsetIsUTF8 else {
            throw Problem(status: .unsupportedMediaType, type: ProblemType.unsupportedMediaType,
                          detail: "'\(header)' is not accepted here; send \(expected) in UTF-8.")
        }
    }
}

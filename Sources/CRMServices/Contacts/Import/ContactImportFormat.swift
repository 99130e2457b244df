import CRMHTTP
import CRMRouter

/// The body formats `POST /v1/contacts/import` reads, named by `Content-Type` (415 for any other).
enum ContactImportFormat: Sendable {
    /// RFC 4180 CSV with a header row (`ContactCSVColumns`).
    case csv
    /// One contact JSON object per line.
    case ndjson

    static let csvMediaTypes: Set<String> = ["text/csv"]
    static let ndjsonMediaTypes: Set<String> = ["application/x-ndjson", "application/ndjson", "application/jsonl"]

    init(of request: Request) throws {
        try request.requireMediaType(Self.csvMediaTypes.union(Self.ndjsonMediaTypes))
        let mediaType = request.fields["Content-Type"]?.split(separator: ";").first?.trimmingASCIISpaces().lowercased() ?? ""
        self = Self.csvMediaTypes.contains(mediaType) ? .csv : .ndjson
    }
}

import CRMHTTP
import CRMModel
import CRMRouter

/// The HTTP side of bulk import and export: `POST /v1/contacts/import` takes its body as a stream
/// (no size cap, back-pressure while chunks commit); `GET /v1/contacts/export` answers chunked.
extension ContactsRoutes {
    static func registerImportExport(on router: inout Router, service: ContactsService) {
        router.add(HTTPMethod.post, "/v1/contacts/import", area: .contacts, body: .stream) { request, context in
            let format = try ContactImportFormat(of: request)
            let isDryRun = try flag(context.query, "dryRun")
            for name in context.query.names where name != "dryRun" {
                throw Problem.badRequest("Unknown query parameter '\(name)'; accepted: dryRun.")
            }
            let summary = try await service.importContacts(from: BodyPieces(body: request.body), format: format, isDryRun: isDryRun,
                                                           actor: actor(context), requestId: context.requestId)
            return Response(status: .ok, contentType: "application/json", bytes: summary.jsonBytes)
        }
        router.add(HTTPMethod.get, "/v1/contacts/export", area: .contacts) { _, context in
            let formatText = context.query["format"] ?? "csv"
            guard let format = ContactExportPieces.Format(rawValue: formatText) else {
                throw Problem.badRequest("format must be csv or ndjson, not '\(formatText)'.")
            }
            let query = try ContactListQuery(context.query, accepting: ContactListQuery.filterParameters.union(["format"]))
            let pieces = service.export(query, format: format)
            var headers = HTTPFields()
            headers.set("Content-Type", format == .csv ? "text/csv; charset=utf-8" : "application/x-ndjson")
            headers.set("Content-Disposition", "attachment; filename=\"contacts.\(format.rawValue)\"")
            return Response(status: .ok, headers: headers, body: .stream { writer in
                var pieces = pieces
                while let bytes = pieces.next() { try await writer.write(bytes) }
            })
        }
    }

    /// `true`/`false` (or absent: false); anything else is 400.
    private static func flag(_ query: QueryParameters, _ name: String) throws(Problem) -> Bool {
        switch query[name] {
        case nil, "false": false
        case "true": true
        case let other?: throw Problem.badRequest("\(name) must be true or false, not '\(other)'.")
        }
    }
}

extension ContactsService {
    func export(_ query: ContactListQuery, format: ContactExportPieces.Format) -> ContactExportPieces {
        ContactExportPieces(state: state, query: query, format: format)
    }
}

/// A request body as an async sequence of pieces, whether it was streamed or (when empty) collected.
/// A body that breaks off (client gone, bad chunked framing) ends the sequence with a 400 problem.
struct BodyPieces: AsyncSequence {
    typealias Element = [UInt8]
    let body: RequestBody

    struct AsyncIterator: AsyncIteratorProtocol {
        var stream: RequestBodyStream.AsyncIterator?
        var bytes: [UInt8]?

        mutating func next() async throws -> [UInt8]? {
            if let bytes { self.bytes = nil; return bytes.isEmpty ? nil : bytes }
            do {
                return try await stream?.next()
            } catch {
                throw Problem.badRequest("The body ended early or its chunked framing is broken; chunks committed before this point stay imported.")
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        switch body {
        case .bytes(let bytes): AsyncIterator(stream: nil, bytes: bytes)
        case .stream(let stream): AsyncIterator(stream: stream.makeAsyncIterator(), bytes: nil)
        }
    }
}

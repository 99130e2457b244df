import CRMModel
import CRMRouter

/// One row of an import, decoded but not yet checked against the stored contacts: the line it
/// starts on, and its fields as a merge patch or the reason it failed.
struct ContactImportRow: Sendable {
    var line: Int
    var patch: Swift.Result<JSONObject, Problem>
}

/// Turns an import body, fed piece by piece, into rows: CSV through `CSVRowParser` (the first row
/// names the columns), NDJSON through `LineSplitter` (one JSON object per line; blank lines skipped).
/// A bad header is a 422 thrown before any row comes out; so is a body without a header or a line.
struct ContactImportDecoder {
    private enum Reader {
        case csv(CSVRowParser, ContactCSVColumns?)
        case ndjson(LineSplitter)
    }

    private var reader: Reader
    private(set) var hasContent = false

    init(format: ContactImportFormat) {
        switch format {
        case .csv: reader = .csv(CSVRowParser(), nil)
        case .ndjson: reader = .ndjson(LineSplitter())
        }
    }

    mutating func feed(_ piece: [UInt8], into rows: inout [ContactImportRow]) throws {
        switch reader {
        case .csv(var parser, var columns):
            reader = .ndjson(LineSplitter())  // drops the enum's reference so the parser mutates in place
            try parser.feed(piece) { event in try Self.take(event, columns: &columns, into: &rows) }
            reader = .csv(parser, columns)
        case .ndjson(var splitter):
            reader = .csv(CSVRowParser(), nil)
            var found = false
            splitter.feed(piece) { event in if Self.take(event, into: &rows) { found = true } }
            if found { hasContent = true }
            reader = .ndjson(splitter)
        }
        if case .csv(_, let columns) = reader, columns != nil { hasContent = true }
    }

    mutating func finish(into rows: inout [ContactImportRow]) throws {
        switch reader {
        case .csv(var parser, var columns):
            try parser.finish { event in try Self.take(event, columns: &columns, into: &rows) }
            reader = .csv(parser, columns)
            if columns != nil { hasContent = true }
        case .ndjson(var splitter):
            var found = false
            splitter.finish { event in if Self.take(event, into: &rows) { found = true } }
            if found { hasContent = true }
            reader = .ndjson(splitter)
        }
        guard hasContent else {
            throw Problem.validation([FieldError(field: "", code: "required", message: "the body is empty")],
                                     detail: "The body is empty: send a CSV header row and rows, or NDJSON lines.")
        }
    }

    private static func take(_ event: CSVRowParser.Event, columns: inout ContactCSVColumns?, into rows: inout [ContactImportRow]) throws {
        guard let known = columns else {
            switch event {
            case .malformed(let line, let message):
                throw Problem.validation([FieldError(field: "columns", code: "invalid_header", message: "line \(line): \(message)")],
                                         detail: "The CSV header row is malformed; nothing was imported.")
            case .row(_, let names):
                do {
                    columns = try ContactCSVColumns(header: names)
                } catch {
                    throw Problem.validation(error.errors, detail: "The CSV header names columns that are not contact fields; nothing was imported.")
                }
            }
            return
        }
        switch event {
        case .malformed(let line, let message):
            rows.append(ContactImportRow(line: line, patch: .failure(.badRequest(message))))
        case .row(let line, let cells):
            do {
                rows.append(ContactImportRow(line: line, patch: .success(try known.patch(from: cells))))
            } catch {
                rows.append(ContactImportRow(line: line, patch: .failure(.validation(error.errors))))
            }
        }
    }

    /// Adds the row of one NDJSON line; false for a blank line.
    private static func take(_ event: LineSplitter.Event, into rows: inout [ContactImportRow]) -> Bool {
        switch event {
        case .tooLong(let number):
            rows.append(ContactImportRow(line: number, patch: .failure(.badRequest("the line is longer than \(1 << 20) bytes"))))
        case .line(let number, let bytes):
            guard bytes.contains(where: { $0 != 32 && $0 != 9 && $0 != 13 }) else { return false }
            rows.append(ContactImportRow(line: number, patch: objectPatch(bytes)))
        }
        return true
    }

    /// A line's JSON object without the members only the server sets (`id`, `createdAt`, `version`,
    /// `leadScore`, …), so lines exported as NDJSON import as they are.
    private static func objectPatch(_ bytes: [UInt8]) -> Swift.Result<JSONObject, Problem> {
        let value: JSONValue
        do { value = try JSONParser().parse(bytes) } catch {
            return .failure(.badRequest("not valid JSON: \(error.message)"))
        }
        guard case .object(var object) = value else {
            return .failure(.validation([.invalidType("", expected: "a contact object")], detail: "The line is not a JSON object."))
        }
        for key in ContactFields.readOnlyKeys { _ = object.removeValue(forKey: key) }
        return .success(object)
    }
}

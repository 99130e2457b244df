import CRMModel
import CRMSegments

/// A subject whose values are a dictionary; fields not in it have no value.
struct DictionarySubject: SegmentSubject {
    var values: [SegmentField: SegmentValue]

    init(_ values: [SegmentField: SegmentValue] = [:]) {
        self.values = values
    }

    func value(of field: SegmentField) -> SegmentValue? {
        values[field]
    }
}

/// Parses a filter from JSON text, failing the test on errors.
func filter(_ json: String) throws -> SegmentFilter {
    try SegmentFilter(parsing: json)
}

/// The errors parsing `json` reports; empty when it parses.
func errors(_ json: String, path: String = "filter") -> [FieldError] {
    do {
        _ = try SegmentFilter(parsing: json, path: path)
        return []
    } catch {
        return error.errors
    }
}

/// `{"all":[{"field":…,"op":…,"value":…}]}` with `value` as raw JSON text.
func single(_ field: String, _ op: String, _ value: String) -> String {
    #"{"all":[{"field":"\#(field)","op":"\#(op)","value":\#(value)}]}"#
}

func timestamp(_ text: String) -> Timestamp {
    guard let timestamp = Timestamp(rfc3339: text) else { preconditionFailure("bad test timestamp \(text)") }
    return timestamp
}

/// The moment every evaluation test runs at.
let testNow = timestamp("2026-11-22T12:00:00.000Z")

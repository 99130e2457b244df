import CRMModel

/// Reading a `SegmentFilter` from JSON, strictly and collecting every problem.
///
/// Every rejection is a `FieldError` whose `field` is a path from the place the filter came from
/// (`path`, `filter` by default) down to the bad part, object members after a dot and array
/// positions in brackets, and whose message says what is allowed there:
///
///     filter                    must have "all" or "any": {"all": [conditions]} …   (invalid_value)
///     filter.all[2].op          "gt" does not apply to lifecycleStage, an enumeration field; use one of eq, ne, in, nin, exists
///     filter.all[0].any[1].value must be a number                                      (invalid_type)
///     filter.all[3].value[5]    must be one of subscriber, lead, mql, …                 (invalid_value)
///     filter.all[1].colour      is not a known field                                    (unknown_field)
///
/// Codes: `required`, `invalid_type`, `invalid_value`, `unknown_field`, `too_long`, `too_many`
/// (an `in` list over 1,000 values, or over 200 conditions, reported at `path`), `too_deep`
/// (groups nested over 8 levels, at the group that is too deep) and `invalid_json` (raw text that
/// is not JSON, at `path`). All of them are thrown together as `FieldErrors`, which the router
/// answers as 422.
extension SegmentFilter {
    /// The filter in a parsed JSON value (a request body member, a stored segment).
    public init(json: JSONValue, path: String = "filter") throws(FieldErrors) {
        var parser = SegmentFilterParser()
        let filter = parser.filter(json, path: path)
        if parser.conditionCount > Self.maximumConditions {
            parser.errors.append(FieldError(
                field: path, code: "too_many",
                message: "has \(parser.conditionCount) conditions; at most \(Self.maximumConditions) are allowed"))
        }
        guard let filter, parser.errors.isEmpty else { throw FieldErrors(parser.errors) }
        self = filter
    }

    /// The filter in JSON text, such as the decoded `filter=` query parameter of a contact list.
    public init(parsing text: String, path: String = "filter") throws(FieldErrors) {
        let json: JSONValue
        do {
            json = try JSONParser(maximumDepth: Self.maximumJSONDepth).parse(text)
        } catch {
            throw FieldErrors([Self.invalidJSON(error, path: path)])
        }
        try self.init(json: json, path: path)
    }

    /// The filter in JSON bytes.
    public init(parsing bytes: some Collection<UInt8>, path: String = "filter") throws(FieldErrors) {
        let json: JSONValue
        do {
            json = try JSONParser(maximumDepth: Self.maximumJSONDepth).parse(bytes)
        } catch {
            throw FieldErrors([Self.invalidJSON(error, path: path)])
        }
        try self.init(json: json, path: path)
    }

    /// Deep enough for `maximumDepth` groups (each is an object holding an array) with a
    /// condition and its list value at the bottom, and a little more so that a too-deep filter
    /// gets the precise `too_deep` error rather than a syntax error.
    static let maximumJSONDepth = 2 * maximumDepth + 8

    private static func invalidJSON(_ error: JSONSyntaxError, path: String) -> FieldError {
        FieldError(field: path, code: "invalid_json", message: "must be JSON: \(error.message)")
    }
}

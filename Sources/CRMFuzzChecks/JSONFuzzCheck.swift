import CRMModel

/// The invariants of JSON request bodies, checked on arbitrary bytes taken as a body:
///
/// - `JSONParser` (as the router runs it) never traps; an error points inside the input;
/// - a parsed value written by `JSONWriter` parses back to an equal value, and writing that again
///   gives the same bytes;
/// - an object goes through everything a body goes through (`ContactFields.read`, a merge patch
///   onto a stored contact, `InteractionFields.read`) without trapping, and whatever is accepted
///   survives the store's round trip (`Contact(stored:)`, `Interaction(stored:)`) unchanged;
/// - a merge patch is idempotent.
public enum JSONFuzzCheck {
    /// Checks one input; throws the first broken invariant.
    public static func check(_ bytes: [UInt8]) throws(FuzzFinding) {
        let value: JSONValue
        do {
            value = try JSONParser().parse(bytes)
        } catch {
            try require(error.offset >= 0 && error.offset <= bytes.count, "error offset \(error.offset) outside \(bytes.count) bytes")
            try require(error.line >= 1 && error.column >= 1, "error at line \(error.line) column \(error.column)")
            try require(!error.reason.isEmpty, "syntax error without a reason")
            return
        }
        try checkRoundTrip(value, source: bytes)
        try checkMergePatch(value)
        guard case .object(let object) = value else { return }
        try ContactBodyCheck.check(object)
        try InteractionBodyCheck.check(object)
    }

    static func written(_ value: JSONValue) -> [UInt8] {
        var writer = JSONWriter()
        writer.value(value)
        return writer.bytes
    }

    static func checkRoundTrip(_ value: JSONValue, source: [UInt8]) throws(FuzzFinding) {
        let bytes = written(value)
        let again: JSONValue
        do {
            again = try JSONParser().parse(bytes)
        } catch {
            throw FuzzFinding("JSONWriter wrote \(escaped(bytes)) for \(escaped(source)), which does not parse: \(error.message)")
        }
        try require(again == value, "\(escaped(source)) written as \(escaped(bytes)) parses to a different value")
        try require(written(again) == bytes, "writing \(escaped(source)) twice gives different bytes")
    }

    /// Patch idempotence, RFC 7396: applying a patch twice is applying it once.
    static func checkMergePatch(_ patch: JSONValue) throws(FuzzFinding) {
        let base = JSONValue.object(ContactBodyCheck.storedContact.fields.jsonObject)
        let once = MergePatch.apply(patch: patch, to: base)
        let twice = MergePatch.apply(patch: patch, to: once)
        try require(once == twice, "merge patch not idempotent")
        if case .object = patch {
            try require(once.objectValue != nil, "an object patch gave a non-object")
        }
    }
}

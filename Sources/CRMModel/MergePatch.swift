/// JSON Merge Patch (RFC 7396): how PATCH bodies change a stored resource.
///
/// A patch object sets the members it names, removes those it sets to `null`, and merges nested
/// objects member by member; anything that is not an object (including arrays) replaces the
/// target whole.
public enum MergePatch {
    /// The target with the patch applied, exactly as RFC 7396 §2 `MergePatch(Target, Patch)`.
    public static func apply(patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let patchMembers) = patch else { return patch }
        return .object(apply(patch: patchMembers, to: target.objectValue ?? JSONObject()))
    }

    /// An object patch applied to an object: always an object (a PATCH body on a resource's
    /// writable fields).
    public static func apply(patch: JSONObject, to target: JSONObject) -> JSONObject {
        var merged = target
        for (key, value) in patch {
            if value.isNull {
                merged[key] = nil
            } else {
                merged[key] = apply(patch: value, to: merged[key] ?? .null)
            }
        }
        return merged
    }

    /// 422 naming every member of `patch` that only the server sets.
    public static func rejectReadOnly(_ readOnlyKeys: [String], in patch: JSONObject) throws(FieldErrors) {
        let readOnly = readOnlyKeys.filter { patch[$0] != nil }
        if !readOnly.isEmpty { throw FieldErrors(readOnly.map { FieldError.readOnly($0) }) }
    }
}

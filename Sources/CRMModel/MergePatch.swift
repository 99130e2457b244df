/// JSON Merge Patch (RFC 7396): how PATCH bodies change a stored resource.
///
/// A patch object sets the members it names, removes those it sets to `null`, and merges nested
/// objects member by member; anything that is not an object (including arrays) replaces the
/// target whole.
public enum MergePatch {
    /// The target with the patch applied, exactly as RFC 7396 §2 `MergePatch(Target, Patch)`.
    public static func apply(patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let patchMembers) = patch else { return patch }
        var merged = target.objectValue ?? JSONObject()
        for (key, value) in patchMembers {
            if value.isNull {
                merged[key] = nil
            } else {
                merged[key] = apply(patch: value, to: merged[key] ?? .null)
            }
        }
        return .object(merged)
    }
}

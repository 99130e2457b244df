import CRMHTTP

/// Strong ETags from resource versions (`ETag: "3"`), and the `If-Match` / `If-None-Match` checks
/// (RFC 9110 §13.1).
public enum EntityTag {
    public static func value(_ version: Int) -> String { "\"\(version)\"" }

    /// The version `If-Match` demands: nil when absent or `*`; a value no version has (such as a
    /// weak or malformed tag) never matches, so the request fails with 412 as RFC 9110 says.
    public static func requiredVersion(_ request: Request) -> Int? {
        guard let header = request.fields["If-Match"]?.trimmingASCIISpaces(), header != "*" else { return nil }
        for part in header.split(separator: ",") {
            let tag = part.trimmingASCIISpaces()
            if tag.hasPrefix("\""), tag.hasSuffix("\""), tag.count >= 3, let version = Int(tag.dropFirst().dropLast()) {
                return version
            }
        }
        return -1
    }

    /// Whether `If-None-Match` names the current version (answer 304).
    public static func isNotModified(_ request: Request, version: Int) -> Bool {
        guard let header = request.fields["If-None-Match"] else { return false }
        let current = value(version)
        return header.split(separator: ",").contains { tag in
            let trimmed = tag.trimmingASCIISpaces()
            return trimmed == "*" || trimmed == current || trimmed == "W/" + current
        }
    }
}

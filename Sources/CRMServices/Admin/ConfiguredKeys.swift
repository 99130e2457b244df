import CRMRouter

/// API keys given at start-up (the bootstrap admin key); held only as SHA-256 digests.
/// Persistent, revocable keys live in the key store of the security issue.
public struct ConfiguredKeys: Authenticator {
    struct Entry: Sendable {
        var digest: [UInt8]
        var principal: Principal
    }

    private let entries: [Entry]

    public init(_ keys: [(key: String, principal: Principal)]) {
        entries = keys.map { Entry(digest: KeyDigest.sha256($0.key), principal: $0.principal) }
    }

    public func principal(forKey key: String) -> Principal? {
        principal(forDigest: KeyDigest.sha256(key))
    }

    /// The caller whose key has this SHA-256 digest.
    func principal(forDigest digest: [UInt8]) -> Principal? {
        var found: Principal?
        // Compare against every entry so the time does not depend on which one matches.
        for entry in entries where KeyDigest.constantTimeEquals(entry.digest, digest) { found = entry.principal }
        return found
    }
}

import CRMRouter

/// Every key the server accepts: the bootstrap admin key from start-up, and the persistent keys
/// (a revoked key is gone from the state, so it fails on the very next request).
public struct KeyRing: Authenticator {
    let configured: ConfiguredKeys
    let stored: APIKeysState

    public init(configured: ConfiguredKeys, stored: APIKeysState) {
        self.configured = configured
        self.stored = stored
    }

    public func principal(forKey key: String) -> Principal? {
        // One SHA-256 per request, shared by both look-ups.
        let digest = KeyDigest.sha256(key)
        if let principal = configured.principal(forDigest: digest) { return principal }
        let hex = KeyDigest.hex(digest)
        guard let found = stored.key(digest: hex), KeyDigest.constantTimeEquals(Array(found.digest.utf8), Array(hex.utf8)) else { return nil }
        return Principal(keyId: found.id.description, role: found.role)
    }
}

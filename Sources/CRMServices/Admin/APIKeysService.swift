import CRMModel
import CRMRouter
import CRMStore

/// Creating, listing and revoking persistent API keys. A new key's secret comes from OpenSSL's
/// random generator and is returned once; only its digest is stored.
public final class APIKeysService: Sendable {
    let store: Store
    let state: APIKeysState

    public init(store: Store, state: APIKeysState) {
        self.store = store
        self.state = state
    }

    public func create(name: String, role: Role, actor: String, requestId: String) async throws -> (key: APIKey, secret: String) {
        let secret = KeyDigest.makeKey()
        let id = APIKeyID.make()
        let key = try await store.commit(actor: actor, requestId: requestId) { context in
            let key = APIKey(id: id, name: name, role: role, prefix: String(secret.prefix(8)), digest: KeyDigest.hex(KeyDigest.sha256(secret)),
                             createdAt: Timestamp(millisecondsSinceEpoch: context.timestamp), createdBy: actor)
            context.append(type: APIKeysState.recordType, id: id.description, op: .put, data: key.storedBytes)
            return key
        }
        return (key, secret)
    }

    public var keys: [APIKey] { state.all }

    public func revoke(_ idText: String, actor: String, requestId: String) async throws {
        guard let id = APIKeyID(idText), state.key(id) != nil else { throw Problem.notFound("No API key with id '\(idText)'.") }
        try await store.commit(actor: actor, requestId: requestId) { [state] context in
            guard state.key(id) != nil else { throw Problem.notFound("No API key with id '\(idText)'.") }
            context.append(type: APIKeysState.recordType, id: id.description, op: .delete, data: [])
        }
    }
}

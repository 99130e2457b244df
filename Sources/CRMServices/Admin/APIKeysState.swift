import CRMModel
import CRMStore
import Synchronization

/// The persistent API keys in memory, by id and by digest; rebuilt from `apikey` records.
public final class APIKeysState: StoreState, @unchecked Sendable {
    static let recordType = "apikey"

    struct Tables {
        var byId: [APIKeyID: APIKey] = [:]
        var byDigest: [String: APIKeyID] = [:]
    }

    private let tables = Mutex(Tables())

    public init() {}

    public func apply(_ records: [Record]) {
        for record in records where record.type == APIKeysState.recordType {
            guard let id = APIKeyID(record.id) else { continue }
            let key = record.putObject.flatMap(APIKey.init(stored:))
            tables.withLock { tables in
                if let old = tables.byId.removeValue(forKey: id) { tables.byDigest[old.digest] = nil }
                if let key {
                    tables.byId[id] = key
                    tables.byDigest[key.digest] = id
                }
            }
        }
    }

    public func reset() {
        tables.withLock { $0 = Tables() }
    }

    func key(_ id: APIKeyID) -> APIKey? { tables.withLock { $0.byId[id] } }

    func key(digest: String) -> APIKey? { tables.withLock { tables in tables.byDigest[digest].flatMap { tables.byId[$0] } } }

    /// Every key, oldest first.
    var all: [APIKey] { tables.withLock { $0.byId.values.sorted { $0.id < $1.id } } }
}

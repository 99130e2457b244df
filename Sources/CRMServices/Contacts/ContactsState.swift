import CRMModel
import CRMStore
import Synchronization

/// The contacts service's in-memory state: rebuilt from `contact` records at start, kept current by
/// the same `apply` for live writes. Readers take the lock briefly; never across an fsync.
public final class ContactsState: StoreState, @unchecked Sendable {
    static let recordType = "contact"
    private let tables = Mutex(ContactTables())

    public init() {}

    public func apply(_ records: [Record]) {
        let decoded: [(Record, Contact?)] = records.compactMap { record in
            guard record.type == ContactsState.recordType else { return nil }
            guard record.op == .put else { return (record, nil) }
            guard case .object(let object)? = try? JSONParser().parse(record.data), let contact = Contact(stored: object) else {
                return nil
            }
            return (record, contact)
        }
        guard !decoded.isEmpty else { return }
        tables.withLock { tables in
            for (record, contact) in decoded {
                if let contact { tables.upsert(contact) } else if let id = ContactID(record.id) { tables.remove(id) }
                if record.op == .erase { tables.erasedCount += 1 }
            }
        }
    }

    public func reset() {
        tables.withLock { $0 = ContactTables() }
    }

    /// Runs `body` with a consistent view of every contact and index.
    func read<Value>(_ body: (borrowing ContactTables) -> Value) -> Value {
        tables.withLock { body($0) }
    }

    func contact(_ id: ContactID) -> Contact? {
        tables.withLock { $0.byId[id] }
    }

    var count: Int { tables.withLock { $0.byId.count } }

    /// Contacts erased for privacy: anonymous tombstones that keep counts right.
    var erasedCount: Int { tables.withLock { $0.erasedCount } }
}

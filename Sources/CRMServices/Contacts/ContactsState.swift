import CRMModel
import CRMStore

/// The contacts service's in-memory state: contacts, their interactions and the facts derived from
/// them, rebuilt from `contact` and `interaction` records at start and kept current by the same
/// `apply` for live writes. Readers take the lock briefly; never across an fsync.
public final class ContactsState: StoreState, @unchecked Sendable {
    static let recordType = "contact"
    static let interactionRecordType = "interaction"
    private let tables = ReadWriteLocked(ContactTables())
    let rfm = RFMCache()
    let coOccurrence = CoOccurrenceCache()

    public init() {}

    /// A decoded record: what `apply` does to the tables, decided before taking the lock.
    private enum Change: Sendable {
        case put(Contact)
        case delete(ContactID)
        /// Erased for privacy: gone like a delete, counted as an anonymous tombstone.
        case erase(ContactID)
        case record(Interaction)
        case forget(InteractionID)
    }

    public func apply(_ records: [Record]) {
        apply(changes: records.compactMap(Self.change))
    }

    /// The decoded changes, made on replay's reader thread.
    public func prepare(_ records: [Record]) -> (any Sendable)? {
        records.compactMap(Self.change)
    }

    public func apply(_ records: [Record], prepared: (any Sendable)?) {
        apply(changes: prepared as? [Change] ?? records.compactMap(Self.change))
    }

    private func apply(changes: [Change]) {
        guard !changes.isEmpty else { return }
        tables.write { tables in
            for change in changes {
                switch change {
                case .put(let contact): tables.upsert(contact)
                case .delete(let id): tables.remove(id)
                case .erase(let id):
                    tables.remove(id)
                    tables.erasedCount += 1
                case .record(let interaction): tables.record(interaction)
                case .forget(let id): tables.forget(id)
                }
            }
        }
    }

    private static func change(_ record: Record) -> Change? {
        switch record.type {
        case recordType:
            guard record.op == .put else { return ContactID(record.id).map { record.op == .erase ? .erase($0) : .delete($0) } }
            guard case .object(let object)? = try? JSONParser().parse(record.data), let contact = Contact(stored: object) else {
                return nil
            }
            return .put(contact)
        case interactionRecordType:
            guard record.op == .put else { return InteractionID(record.id).map { .forget($0) } }
            guard case .object(let object)? = try? JSONParser().parse(record.data),
                  let interaction = Interaction(stored: object) else { return nil }
            return .record(interaction)
        default:
            return nil
        }
    }

    public func reset() {
        tables.write { $0 = ContactTables() }
    }

    /// Runs `body` with a consistent view of every contact, interaction and index.
    func read<Value>(_ body: (borrowing ContactTables) -> Value) -> Value {
        tables.read { body($0) }
    }

    /// The contact as the API shows it (derived facts and lead score as of now).
    func contact(_ id: ContactID) -> Contact? {
        let now = Timestamp.now()
        return tables.read { $0.view(id, now: now) }
    }

    /// The contact as `GET /v1/contacts/{id}` shows it: with its RFM scores.
    func contactWithScores(_ id: ContactID) -> Contact? {
        let now = Timestamp.now()
        return tables.read { tables in
            guard var contact = tables.view(id, now: now) else { return nil }
            contact.rfm = rfm.score(of: id, in: tables)
            return contact
        }
    }

    /// Sets the lead-score points campaign engagement gives these contacts (0 removes them).
    func setCampaignEngagement(_ points: [ContactID: Int]) {
        tables.write { tables in
            for (id, value) in points { tables.campaignEngagement[id] = value == 0 ? nil : value }
        }
    }

    func contains(_ id: ContactID) -> Bool {
        tables.read { $0.byId.contains(id) }
    }

    var count: Int { tables.read { $0.byId.count } }

    /// Contacts erased for privacy: anonymous tombstones that keep counts right.
    var erasedCount: Int { tables.read { $0.erasedCount } }
}

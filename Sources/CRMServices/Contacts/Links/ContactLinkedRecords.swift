import CRMModel
import CRMStore

/// Another service's records that belong to a contact (tickets, deals, campaign deliveries): they
/// follow the contact through a merge, go or are anonymised with it on erase, show on its timeline
/// and in its privacy export. The contacts service calls these inside its own commits, so the
/// change to the contact and to what belongs to it is one atomic commit.
public protocol ContactLinkedRecords: Sendable {
    /// In a merge's commit: appends the records that re-point everything of `duplicate` at `kept`.
    func moveLinked(from duplicate: ContactID, to kept: ContactID, in context: inout CommitContext)
    /// In an erase's commit: appends the records that erase or anonymise what belongs to `contact`.
    /// An anonymised entity is an `erase` record followed by a `put` of the anonymised version:
    /// compaction then keeps nothing of it from before the erase. Answers the ids of those entities,
    /// so copies elsewhere (webhook payloads) are erased too.
    func eraseLinked(of contact: ContactID, in context: inout CommitContext) -> [String]
    /// Every timeline entry of the contact (any order; the timeline sorts and pages them).
    func timelineEntries(of contact: ContactID) -> [TimelineEntry]
    /// Sections of the privacy export (`GET /v1/contacts/{id}/export`): name and items.
    func exportSections(of contact: ContactID) -> [ExportSection]
}

/// One item of `GET /v1/contacts/{id}/timeline`: `{"kind", "at", "<kind>": {...}}`.
public struct TimelineEntry: Sendable {
    /// `interaction`, `ticket`, `ticket_comment`, `deal`, `deal_stage`, `campaign_event`, …
    public var kind: String
    public var at: Timestamp
    /// Unique among the contact's entries (breaks ties between equal `at`).
    public var id: String
    /// The entry's own object, written under the key `kind`.
    public var body: @Sendable (inout JSONWriter) -> Void

    public init(kind: String, at: Timestamp, id: String, body: @escaping @Sendable (inout JSONWriter) -> Void) {
        self.kind = kind
        self.at = at
        self.id = id
        self.body = body
    }
}

/// One named list in a privacy export, e.g. `tickets`.
public struct ExportSection: Sendable {
    public var name: String
    public var items: [@Sendable (inout JSONWriter) -> Void]

    public init(name: String, items: [@Sendable (inout JSONWriter) -> Void]) {
        self.name = name
        self.items = items
    }
}

import CRMModel
import CRMRouter
import CRMSegments

/// The query of `GET /v1/contacts`, parsed strictly: an unknown parameter or a bad value is 400.
struct ContactListQuery {
    enum SortField: String, CaseIterable {
        case createdAt, updatedAt, lastName, leadScore, lastInteractionAt
    }

    var limit = 50
    var cursor: CursorPosition?
    var sort = SortField.createdAt
    var isDescending = false
    var search: [String] = []
    var email: String?
    var tag: String?
    var lifecycleStage: ContactFields.LifecycleStage?
    var ownerId: String?
    var company: String?
    var createdSince: Timestamp?
    var updatedSince: Timestamp?
    /// `filter=`: a segment filter (URL-encoded JSON), bound to the time of the request.
    var segment: BoundSegmentFilter?

    static let parameters: Set<String> = ["limit", "cursor", "sort", "q", "email", "tag", "lifecycleStage", "ownerId",
                                          "company", "createdSince", "updatedSince", "filter"]

    /// The filters alone (what export takes beside `format`).
    static let filterParameters = parameters.subtracting(["limit", "cursor", "sort"])

    init(_ query: QueryParameters, accepting accepted: Set<String> = ContactListQuery.parameters) throws(Problem) {
        for name in query.names where !accepted.contains(name) {
            throw Problem.badRequest("Unknown query parameter '\(name)'; accepted: \(accepted.sorted().joined(separator: ", ")).")
        }
        if let value = try PageParameters.limit(in: query) { limit = value }
        let sorting = try SortParameter(query, default: SortField.createdAt)
        sort = sorting.field
        isDescending = sorting.isDescending
        if let text = query["cursor"] {
            guard let position = Cursor.decode(text) else {
                throw Problem.badRequest("cursor is not valid for this listing (it must come from nextCursor with the same sort).")
            }
            cursor = try sorting.check(position)
        }
        search = ContactSearchTokens.words(query["q"] ?? "")
        email = query["email"]
        tag = query["tag"]
        if let text = query["lifecycleStage"] {
            guard let stage = ContactFields.LifecycleStage(rawValue: text) else { throw Problem.badRequest("lifecycleStage '\(text)' is not a stage.") }
            lifecycleStage = stage
        }
        ownerId = query["ownerId"]
        company = query["company"]
        createdSince = try query.timestamp("createdSince")
        updatedSince = try query.timestamp("updatedSince")
        if let text = query["filter"] {
            do throws(FieldErrors) {
                segment = try SegmentFilter(parsing: text, path: "filter").bound(now: Timestamp.now())
            } catch {
                throw Problem.validation(error.errors, detail: "The filter is not a valid segment filter.")
            }
        }
    }

    /// Identifies the sort inside a cursor, so a cursor cannot be reused under another sort.
    var sortTag: String { (isDescending ? "-" : "+") + sort.rawValue + "|" }

    /// The sort key of a contact: fixed-width text so that text order is value order.
    func sortKey(_ contact: Contact) -> String {
        switch sort {
        case .createdAt: return sortTag
        case .updatedAt: return sortTag + SortKeyText.padded(contact.updatedAt.millisecondsSinceEpoch, width: 16)
        case .lastName: return sortTag + (contact.fields.lastName?.lowercased() ?? "")
        case .leadScore: return sortTag + SortKeyText.padded(Int64(contact.leadScore), width: 16)
        case .lastInteractionAt: return sortTag + (contact.lastInteractionAt.map { SortKeyText.padded($0.millisecondsSinceEpoch, width: 16) } ?? "")
        }
    }

    func matches(_ contact: Contact) -> Bool {
        let fields = contact.fields
        if let email, EmailAddress.normalizedKey(fields.email ?? "") != EmailAddress.normalizedKey(email) { return false }
        if let tag, !fields.tags.contains(tag) { return false }
        if let lifecycleStage, fields.lifecycleStage != lifecycleStage { return false }
        if let ownerId, fields.ownerId != ownerId { return false }
        if let company, fields.company?.lowercased() != company.lowercased() { return false }
        if let createdSince, contact.createdAt < createdSince { return false }
        if let updatedSince, contact.updatedAt < updatedSince { return false }
        if !search.isEmpty, !ContactSearchTokens.matches(search, fields: fields) { return false }
        return true
    }

    /// The segment filter's verdict on the contact as the API shows it (derived facts current,
    /// RFM scores from `rfm` for `rfmSegment`).
    func matchesSegment(_ contact: Contact, rfm: () -> RFMScore?) -> Bool {
        guard let segment else { return true }
        var subject = contact
        subject.rfm = rfm()
        return segment.matches(subject)
    }
}

import CRMModel
import CRMRouter

extension ContactsService {
    /// Every version of one contact still in the log, newest first (404 for an unknown or erased one;
    /// a deleted contact keeps its history, ending in the delete).
    func history(_ idText: String, query: QueryParameters) throws -> Page<HistoryEntry> {
        guard let id = ContactID(idText), let page = try EntityHistory.page(of: id.description, store: store, query: query) else {
            throw Problem.notFound("No history for contact '\(idText)'.")
        }
        return page
    }
}

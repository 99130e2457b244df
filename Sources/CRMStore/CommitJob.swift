/// One caller's pending commit: the closure to run on the writer, and how to resume the caller.
final class CommitJob: @unchecked Sendable {
    let actor: String
    let requestId: String
    /// Runs on the writer thread; appends records to the context or throws a caller error.
    let build: (inout CommitContext) throws -> Void
    /// A bulk load's records, encoded by the caller (`Store.bulkAppend`); `build` does nothing then.
    let encoded: EncodedRecords?
    /// Resumes the caller: nil when its records are durable, else the error.
    let finish: (Swift.Error?) -> Void

    init(actor: String, requestId: String, build: @escaping (inout CommitContext) throws -> Void,
         encoded: EncodedRecords? = nil, finish: @escaping (Swift.Error?) -> Void) {
        self.actor = actor
        self.requestId = requestId
        self.build = build
        self.encoded = encoded
        self.finish = finish
    }
}

import CRMHTTP
import CRMRouter
import CRMStore

/// Turns storage failures into problems: a write that did not reach the disk is 507, a store that
/// refuses writes (after a failed flush) is 503, a second compaction 409. Nothing was acknowledged
/// in any of these cases. Anything else from the store is a server fault (500, details logged).
public struct StoreErrorMiddleware: Middleware {
    public init() {}

    public func handle(_ request: Request, context: RequestContext, next: Handler) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as StoreError {
            switch error {
            case .notWritable:
                throw Problem(status: .serviceUnavailable, type: "urn:crm:problem:store-unavailable",
                              detail: "The server cannot store changes right now; nothing was saved. Reads still work.",
                              headers: ["Retry-After": "30"])
            case .writeFailed:
                throw Problem(status: .insufficientStorage, type: "urn:crm:problem:store-write-failed",
                              detail: "The change could not be written to disk; nothing was saved.")
            case .compactionRunning:
                throw Problem(status: .conflict, type: "urn:crm:problem:compaction-running",
                              detail: "A compaction or backup is already running; try again when it has finished.")
            default:
                throw error
            }
        }
    }
}

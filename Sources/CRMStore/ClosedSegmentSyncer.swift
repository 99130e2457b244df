import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// For a bulk load: flushes and closes each segment the writer has rolled over on a queue of its
/// own, so the writer goes on filling the next segment instead of waiting for the disk (the seed's
/// writer spent a seventh of its time in these flushes). `finish()` waits for them all and answers
/// the first failure: nothing counts as written before that.
final class ClosedSegmentSyncer: Sendable {
    private let queue = DispatchQueue(label: "crm.store.segment-sync")
    private let failure = Mutex<String?>(nil)

    /// Flushes `descriptor` (when `dirty`) and closes it, later, in the order of the calls.
    func syncAndClose(_ descriptor: Int32, dirty: Bool, path: String) {
        queue.async { [self] in
            if dirty && fdatasync(descriptor) != 0 {
                let reason = "cannot flush \(path): \(SystemError.text(errno))"
                failure.withLock { if $0 == nil { $0 = reason } }
            }
            close(descriptor)
        }
    }

    /// The first flush that failed so far, if any.
    var firstFailure: String? { failure.withLock { $0 } }

    /// Waits until every segment handed over is flushed and closed; answers the first failure.
    func finish() -> String? {
        queue.sync {}
        return firstFailure
    }
}

import Dispatch
import Synchronization

/// What replay's reader thread hands the applying thread, in log order, at most `capacity` items
/// ahead (a blocking bounded queue: the reader waits for room, the applier for an item).
final class ReplayQueue: Sendable {
    enum Item: @unchecked Sendable {
        /// A segment begins (the locator numbers its file).
        case segment(String)
        /// A batch of records with their line offsets and each state's prepared form.
        case records([Record], [Int], [(any Sendable)?])
        case finished(LogReader.Outcome)
        case failed(StoreError)
    }

    static let capacity = 32
    private let items = Mutex<[Item]>([])
    private let room = DispatchSemaphore(value: ReplayQueue.capacity)
    private let filled = DispatchSemaphore(value: 0)

    func put(_ item: Item) {
        room.wait()
        items.withLock { $0.append(item) }
        filled.signal()
    }

    func take() -> Item {
        filled.wait()
        let item = items.withLock { $0.removeFirst() }
        room.signal()
        return item
    }
}

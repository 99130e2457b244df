import Synchronization

/// Bytes received and sent on connections (after TLS: the HTTP bytes). Each connection counts into
/// its own pair (touched only by its queue, so no cache line is shared between cores); the server
/// adds a closed connection's pair to its totals and sums the open ones when asked.
final class TrafficCounters: Sendable {
    let received = Atomic<Int>(0)
    let sent = Atomic<Int>(0)

    func add(received count: Int) { received.add(count, ordering: .relaxed) }
    func add(sent count: Int) { sent.add(count, ordering: .relaxed) }

    var totals: (received: Int, sent: Int) { (received.load(ordering: .relaxed), sent.load(ordering: .relaxed)) }
}

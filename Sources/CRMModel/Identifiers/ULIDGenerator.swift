import Synchronization

/// Makes ULIDs that strictly increase, safe to call from any thread.
///
/// A new millisecond gets fresh randomness from `SystemRandomNumberGenerator`. Within the same
/// millisecond (or if the clock steps back) the previous ULID plus one is issued instead, as the
/// ULID spec's monotonic mode does; should the 80 random bits run out, the carry moves the
/// timestamp on by a millisecond rather than failing.
public final class ULIDGenerator: Sendable {
    /// The generator behind `ULID.make()` and every `PrefixedID.make()`.
    public static let shared = ULIDGenerator()

    private let lastIssued = Mutex<ULID?>(nil)
    private let clock: @Sendable () -> Timestamp

    /// A generator reading time from `clock` (tests pass a fixed or stepping clock).
    public init(clock: @escaping @Sendable () -> Timestamp = { Timestamp.now() }) {
        self.clock = clock
    }

    public func make() -> ULID {
        let milliseconds = UInt64(clamping: clock().millisecondsSinceEpoch)
        var random = SystemRandomNumberGenerator()
        let randomness = UInt128(random.next() as UInt64) << 64 | UInt128(random.next() as UInt64)
        let fresh = ULID(milliseconds: milliseconds, randomness: randomness)
        return lastIssued.withLock { last in
            let next = if let previous = last, previous.milliseconds >= fresh.milliseconds {
                ULID(rawValue: previous.rawValue &+ 1)
            } else {
                fresh
            }
            last = next
            return next
        }
    }
}

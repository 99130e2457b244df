/// When a failed delivery is tried again (SPEC §6): after 5 s, 30 s, 2 min, 10 min, 30 min, 1 h,
/// 3 h and 6 h, each ±10% at random; after the ninth attempt the delivery has failed.
///
/// `scale` multiplies every wait. It exists for tests only (`CRM_WEBHOOK_RETRY_SCALE=0.002` turns
/// the ~11 h schedule into ~80 s); production leaves it at 1.
struct RetrySchedule: Sendable {
    static let waits: [Duration] = [.seconds(5), .seconds(30), .seconds(120), .seconds(600), .seconds(1800),
                                    .seconds(3600), .seconds(3 * 3600), .seconds(6 * 3600)]
    var scale: Double = 1

    /// The wait after `attempts` failed attempts, or nil when no attempt is left.
    func wait(afterAttempts attempts: Int, jitter: Double = Double.random(in: -0.1...0.1)) -> Duration? {
        guard attempts >= 1, attempts <= Self.waits.count else { return nil }
        return Self.waits[attempts - 1] * ((1 + jitter) * scale)
    }
}

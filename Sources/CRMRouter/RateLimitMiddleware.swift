import CRMHTTP
import Synchronization

/// A token bucket per API key: `rate` requests per second on average, bursts up to `burst`.
/// Every authenticated answer carries `RateLimit-Limit`, `RateLimit-Remaining` and
/// `RateLimit-Reset` (seconds until the bucket is full again); an empty bucket answers 429 with
/// `Retry-After` (seconds until one request is allowed). Runs after authentication.
public final class RateLimitMiddleware: Middleware {
    struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    let rate: Double
    let burst: Double
    private let buckets = Mutex<[String: Bucket]>([:])
    private let clock = ContinuousClock()

    /// `rate` > 0 requests per second per key; `burst` defaults to twice the rate (at least 1).
    public init(rate: Double, burst: Double? = nil) {
        self.rate = rate
        self.burst = max(1, burst ?? rate * 2)
    }

    public func handle(_ request: Request, context: RequestContext, next: Handler) async throws -> Response {
        guard let key = context.principal?.keyId else { return try await next(request, context) }
        let now = clock.now
        let (allowed, remaining) = buckets.withLock { buckets -> (Bool, Double) in
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
            let elapsed = (now - bucket.updated) / .seconds(1)
            bucket.tokens = min(burst, bucket.tokens + elapsed * rate)
            bucket.updated = now
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            buckets[key] = bucket
            return (allowed, bucket.tokens)
        }
        let headers: [(String, String)] = [
            ("RateLimit-Limit", String(Int(burst))),
            ("RateLimit-Remaining", String(Int(remaining.rounded(.down)))),
            ("RateLimit-Reset", String(Int(((burst - remaining) / rate).rounded(.up)))),
        ]
        guard allowed else {
            var fields = HTTPFields()
            for (name, value) in headers { fields.set(name, value) }
            fields.set("Retry-After", String(max(1, Int(((1 - remaining) / rate).rounded(.up)))))
            throw Problem(status: .tooManyRequests, type: "urn:crm:problem:rate-limited",
                          detail: "This API key sent more than \(rate) requests per second; wait for Retry-After seconds.",
                          headers: fields)
        }
        do {
            var response = try await next(request, context)
            for (name, value) in headers { response.headers.set(name, value) }
            return response
        } catch var problem as Problem {
            for (name, value) in headers { problem.headers.set(name, value) }
            throw problem
        }
    }
}

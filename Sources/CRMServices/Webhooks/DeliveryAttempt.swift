import CRMHTTP
import CRMModel
import CRMStore

/// One attempt at one delivery: POST the signed payload, then commit the attempt (and what it
/// decided) before anything else is scheduled. 2xx: delivered. 410: the receiver unsubscribed —
/// the hook is set inactive and the delivery failed. Anything else (another status, a redirect,
/// a timeout, a refused address): tried again per `RetrySchedule`, or failed when none is left.
struct DeliveryAttempt: Sendable {
    let store: Store
    let state: WebhooksState
    let client: HTTPClient
    let schedule: RetrySchedule

    /// Runs the attempt; answers when the delivery is due again (nil once finished or gone).
    func run(_ id: DeliveryID) async -> Timestamp? {
        guard let delivery = state.delivery(id), delivery.state == .pending else { return nil }
        guard let hook = state.hook(delivery.webhookId) else { return nil }
        let started = ContinuousClock.now
        let startedAt = Timestamp.now()
        var attempt = WebhookDelivery.Attempt(at: startedAt, status: nil, error: nil, durationMs: 0)
        if !hook.fields.active {
            attempt.error = "not sent: the webhook is inactive"
        } else {
            switch await send(delivery, to: hook) {
            case .success(let response): attempt.status = response.status
            case .failure(let failure): attempt.error = failure.description
            }
        }
        let elapsed = ContinuousClock.now - started
        attempt.durationMs = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        let outcome = decide(attempt, attemptsBefore: delivery.attempts.count, hookActive: hook.fields.active)
        do {
            return try await commit(attempt, outcome: outcome, to: id)
        } catch {
            // The store refuses writes (it logs why); try again later with the delivery unchanged.
            return Timestamp.now() + .seconds(5)
        }
    }

    private func send(_ delivery: WebhookDelivery, to hook: Webhook) async -> Swift.Result<ClientResponse, ClientFailure> {
        guard case .success(let url) = OutboundURL.parse(hook.fields.url) else { return .failure(.invalidURL(hook.fields.url)) }
        let timestamp = Timestamp.now().millisecondsSinceEpoch / 1000
        let request = ClientRequest(method: "POST", url: url, headers: [
            ("Content-Type", "application/json"),
            ("User-Agent", "crm-webhooks/1"),
            ("CRM-Webhook-Id", delivery.id.description),
            ("CRM-Event", delivery.event),
            ("CRM-Signature", WebhookSignature.header(secret: hook.secret, timestamp: timestamp, body: delivery.payload)),
        ], body: delivery.payload)
        return await client.send(request)
    }

    enum Outcome: Equatable {
        case delivered
        case unsubscribed
        case retry(after: Duration)
        case failed
    }

    func decide(_ attempt: WebhookDelivery.Attempt, attemptsBefore: Int, hookActive: Bool) -> Outcome {
        guard hookActive else { return .failed }
        if let status = attempt.status, (200...299).contains(status) { return .delivered }
        if attempt.status == 410 { return .unsubscribed }
        return schedule.wait(afterAttempts: attemptsBefore + 1).map { .retry(after: $0) } ?? .failed
    }

    /// Appends the attempt and its outcome to the stored delivery (and disables the hook on 410).
    private func commit(_ attempt: WebhookDelivery.Attempt, outcome: Outcome, to id: DeliveryID) async throws -> Timestamp? {
        try await store.commit(actor: "system", requestId: "webhook-delivery") { [state] context in
            guard var delivery = state.delivery(id), delivery.state == .pending else { return nil }
            delivery.attempts.append(attempt)
            let now = Timestamp(millisecondsSinceEpoch: context.timestamp)
            switch outcome {
            case .delivered:
                delivery.state = .delivered
                delivery.nextAttemptAt = nil
            case .failed, .unsubscribed:
                delivery.state = .failed
                delivery.nextAttemptAt = nil
            case .retry(let wait):
                delivery.nextAttemptAt = now + wait
            }
            if outcome == .unsubscribed, var hook = state.hook(delivery.webhookId), hook.fields.active {
                hook.fields.active = false
                hook.updatedAt = now
                hook.version += 1
                context.append(type: WebhooksState.webhookType, id: hook.id.description, op: .put, data: hook.storedBytes)
            }
            context.append(type: WebhooksState.deliveryType, id: id.description, op: .put, data: delivery.storedBytes)
            return delivery.nextAttemptAt
        }
    }
}

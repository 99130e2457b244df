import CRMHTTP
import CRMModel

/// The webhook transport (campaign `transport: {"type": "webhook", "url"}`): a small dispatcher that
/// claims the queued messages of such campaigns from the outbox itself (lease 60 s) and POSTs each
/// one to the campaign's URL as JSON —
/// `{"deliveryId", "campaignId", "contactId", "channel", "variant", "to", "subject", "body"}` with
/// `CRM-Delivery-Id: <delivery id>` (the same on every retry, to drop duplicates). A 2xx answer is
/// `sent`; anything else (another status, a timeout, a refused address — the webhooks' SSRF policy
/// and HTTP client) keeps the claim and tries again after 30 s × attempts, up to 3 attempts, then
/// the message is `failed` with the reason as `detail`. Idle, it looks for work twice a second.
struct WebhookTransport: Sendable {
    let service: CampaignsService
    let client: HTTPClient
    let concurrency: Int
    static let lease: Duration = .seconds(60)
    static let maxAttempts = 3

    func run() async {
        while !Task.isCancelled {
            let claims = (try? await service.claim(limit: concurrency, lease: Self.lease, transport: CampaignFields.Transport.webhook(url: "").name,
                                                   actor: "system", requestId: "campaign-webhook-transport")) ?? []
            if claims.isEmpty {
                try? await Task.sleep(for: .milliseconds(500))
                continue
            }
            await withTaskGroup(of: Void.self) { group in
                for claim in claims { group.addTask { await send(claim) } }
            }
        }
    }

    private func send(_ claim: CampaignsService.Claim) async {
        let message = claim.message
        let failure: String
        if let campaign = service.state.campaign(message.campaignId), case .webhook(let url) = campaign.fields.transport,
           case .success(let target) = OutboundURL.parse(url) {
            let request = ClientRequest(method: "POST", url: target, headers: [
                ("Content-Type", "application/json"), ("User-Agent", "crm-campaigns/1"), ("CRM-Delivery-Id", message.id.description),
            ], body: Self.payload(message))
            switch await client.send(request) {
            case .success(let response) where (200...299).contains(response.status):
                return await report(.sent, detail: "HTTP \(response.status)", for: message.id)
            case .success(let response): failure = "HTTP \(response.status)"
            case .failure(let error): failure = error.description
            }
        } else {
            failure = "the campaign has no usable webhook URL"
        }
        if claim.claims >= Self.maxAttempts {
            await report(.failed, detail: "\(failure) (after \(claim.claims) attempts)", for: message.id)
        } else {
            await report(.claimed, detail: failure, for: message.id, retryAfter: .seconds(30 * claim.claims))
        }
    }

    private func report(_ status: DeliveryStatus, detail: String, for id: DeliveryID, retryAfter: Duration? = nil) async {
        try? await service.record(status, detail: detail, for: id, actor: "system", requestId: "campaign-webhook-transport", retryAfter: retryAfter)
    }

    static func payload(_ message: CampaignMessage) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 256 + (message.body?.utf8.count ?? 0))
        writer.beginObject()
        writer.field("deliveryId", message.id)
        writer.field("campaignId", message.campaignId)
        writer.field("contactId", message.contactId)
        writer.field("channel", message.channel.rawValue)
        writer.field("variant", message.variant)
        writer.field("to", message.to)
        writer.field("subject", message.subject)
        writer.field("body", message.body)
        writer.endObject()
        return writer.bytes
    }
}

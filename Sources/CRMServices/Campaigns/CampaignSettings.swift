import CRMHTTP

/// How the campaigns service runs (from `crm serve` flags and the environment):
/// - `publicURL` (`--public-url`, `CRM_PUBLIC_URL`): where tracking links point, e.g.
///   `https://crm.example.com`; by default `http://<host>:<port>` of the server;
/// - `schedulerInterval` (`--campaign-scheduler-interval`, `CRM_CAMPAIGN_SCHEDULER_INTERVAL`, 1 s):
///   how often due campaigns are launched, interrupted launches resumed and finished campaigns
///   completed;
/// - `allowsPrivate` (`CRM_WEBHOOK_ALLOW_PRIVATE=1`, shared with webhooks): whether the webhook
///   transport may call loopback and private addresses.
public struct CampaignSettings: Sendable {
    public var publicURL = "http://127.0.0.1:8080"
    public var schedulerInterval: Duration = .seconds(1)
    public var allowsPrivate = false
    /// Messages rendered and written per commit while launching (so other writes interleave);
    /// `CRM_CAMPAIGN_LAUNCH_BATCH` (1–10,000) changes it, for tuning and tests.
    public var launchBatchSize = 500
    /// Contact ids per stored audience part while launching.
    public var audiencePartSize = 5_000
    /// Webhook-transport messages in flight at once.
    public var webhookConcurrency = 4

    public init() {}

    var policy: OutboundAddressPolicy { OutboundAddressPolicy(allowsPrivate: allowsPrivate) }

    /// `publicURL` without a trailing slash.
    var baseURL: String {
        var url = publicURL
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}

import CRMHTTP

/// How webhooks reach out, from the environment:
/// - `CRM_WEBHOOK_ALLOW_PRIVATE=1` lets hooks call loopback, private and link-local addresses
///   (an operator's own network); by default they are refused (SSRF guard).
/// - `CRM_WEBHOOK_RETRY_SCALE` (tests only, default 1) multiplies every retry wait.
public struct WebhookSettings: Sendable {
    public var allowsPrivate = false
    public var retryScale = 1.0
    /// Deliveries in flight at once, over all hooks.
    public var concurrency = 8
    /// Deliveries in flight at once to one hook, so a slow hook cannot hold every slot.
    public var concurrencyPerHook = 2
    /// Finished deliveries kept per hook (the oldest are deleted as new ones arrive).
    public var keptPerHook = 500

    public init() {}

    public init(environment: [String: String]) {
        allowsPrivate = environment["CRM_WEBHOOK_ALLOW_PRIVATE"] == "1"
        if let text = environment["CRM_WEBHOOK_RETRY_SCALE"], let scale = Double(text), scale > 0, scale <= 1 { retryScale = scale }
    }

    var policy: OutboundAddressPolicy { OutboundAddressPolicy(allowsPrivate: allowsPrivate) }
}

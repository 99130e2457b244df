/// The events a webhook can subscribe to, and which ones a subscription list matches. `*` matches
/// every change event; `ping` is sent only by `POST /v1/webhooks/{id}/test`, whatever the list.
enum WebhookEvent {
    static let changeEvents = [
        "contact.created", "contact.updated", "contact.deleted", "contact.erased",
        "interaction.created", "interaction.deleted",
        "deal.created", "deal.updated", "deal.deleted", "pipeline.updated",
        "ticket.created", "ticket.updated", "ticket.deleted", "ticket_comment.created",
        "segment.created", "segment.updated", "segment.deleted",
        "campaign.created", "campaign.updated", "campaign.deleted",
    ]
    static let ping = "ping"
    static let wildcard = "*"
    /// What a subscription may name.
    static let subscribable = Set(changeEvents + [wildcard])

    static func matches(_ subscriptions: [String], event: String) -> Bool {
        event == ping || subscriptions.contains(wildcard) || subscriptions.contains(event)
    }
}

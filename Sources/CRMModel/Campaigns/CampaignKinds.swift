/// Where a campaign stands. `draft` and `scheduled` may be changed and deleted; `running` has its
/// audience resolved and its messages queued; `completed` has a result for every message;
/// `cancelled` is final (from draft, scheduled or running).
public enum CampaignStatus: String, Sendable, CaseIterable {
    case draft, scheduled, running, completed, cancelled

    /// Whether the campaign's fields may still change (and it may be deleted or launched).
    public var isEditable: Bool { self == .draft || self == .scheduled }
}

/// How a campaign reaches people: `email` to the contact's email (consent.email), `sms` to the
/// contact's phone (consent.sms).
public enum CampaignChannel: String, Sendable, CaseIterable {
    case email, sms
}

/// Where one campaign message stands. `queued` waits for a sender; `claimed` is leased to one;
/// `sent`, `bounced` and `failed` are a sender's result; `delivered` is shown once a delivered,
/// opened, clicked or converted event arrived (SPEC §6), `bounced` also after a bounced event;
/// `cancelled` was still queued when its campaign was cancelled.
public enum DeliveryStatus: String, Sendable, CaseIterable {
    case queued, claimed, sent, delivered, bounced, failed, cancelled

    /// Whether a sender still has to act on it.
    public var isPending: Bool { self == .queued || self == .claimed }
}

/// What a sender or a tracking link reports about one message.
public enum CampaignEventKind: String, Sendable, CaseIterable {
    case delivered, opened, clicked, converted, bounced, unsubscribed

    /// Whether the event proves the message arrived (SPEC §6).
    public var provesDelivery: Bool { self == .delivered || self == .opened || self == .clicked || self == .converted }
}

/// A campaign event (an open, a click, a conversion, …): `ce_` + ULID.
public typealias CampaignEventID = PrefixedID<CampaignEventIDPrefix>
/// `ce_`: campaign events.
public enum CampaignEventIDPrefix: IDPrefix { public static let prefix = "ce_" }

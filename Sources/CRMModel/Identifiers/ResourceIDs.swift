// The identifier types of every resource, with the prefixes SPEC.md §2 fixes.

/// A contact: `ct_` + ULID.
public typealias ContactID = PrefixedID<ContactIDPrefix>
/// An interaction (one touchpoint with a contact): `ix_` + ULID.
public typealias InteractionID = PrefixedID<InteractionIDPrefix>
/// A support ticket: `tk_` + ULID.
public typealias TicketID = PrefixedID<TicketIDPrefix>
/// A comment on a ticket: `tc_` + ULID.
public typealias TicketCommentID = PrefixedID<TicketCommentIDPrefix>
/// A support agent: `ag_` + ULID.
public typealias AgentID = PrefixedID<AgentIDPrefix>
/// A marketing campaign: `cp_` + ULID.
public typealias CampaignID = PrefixedID<CampaignIDPrefix>
/// A customer segment: `sg_` + ULID.
public typealias SegmentID = PrefixedID<SegmentIDPrefix>
/// A delivery (one campaign message or webhook call): `dv_` + ULID.
public typealias DeliveryID = PrefixedID<DeliveryIDPrefix>
/// A sales deal: `dl_` + ULID.
public typealias DealID = PrefixedID<DealIDPrefix>
/// A webhook subscription: `wh_` + ULID.
public typealias WebhookID = PrefixedID<WebhookIDPrefix>
/// An API key: `key_` + ULID.
public typealias APIKeyID = PrefixedID<APIKeyIDPrefix>

/// `ct_`: contacts.
public enum ContactIDPrefix: IDPrefix { public static let prefix = "ct_" }
/// `ix_`: interactions (touchpoints) with a contact.
public enum InteractionIDPrefix: IDPrefix { public static let prefix = "ix_" }
/// `tk_`: tickets.
public enum TicketIDPrefix: IDPrefix { public static let prefix = "tk_" }
/// `tc_`: comments on tickets.
public enum TicketCommentIDPrefix: IDPrefix { public static let prefix = "tc_" }
/// `ag_`: support agents.
public enum AgentIDPrefix: IDPrefix { public static let prefix = "ag_" }
/// `cp_`: campaigns.
public enum CampaignIDPrefix: IDPrefix { public static let prefix = "cp_" }
/// `sg_`: segments.
public enum SegmentIDPrefix: IDPrefix { public static let prefix = "sg_" }
/// `dv_`: deliveries (campaign messages and webhook deliveries).
public enum DeliveryIDPrefix: IDPrefix { public static let prefix = "dv_" }
/// `dl_`: deals.
public enum DealIDPrefix: IDPrefix { public static let prefix = "dl_" }
/// `wh_`: webhooks.
public enum WebhookIDPrefix: IDPrefix { public static let prefix = "wh_" }
/// `key_`: API keys.
public enum APIKeyIDPrefix: IDPrefix { public static let prefix = "key_" }

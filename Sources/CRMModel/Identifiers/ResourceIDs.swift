/// The identifier types of every resource, with the prefixes SPEC.md §2 fixes.
public typealias ContactID = PrefixedID<ContactIDPrefix>
public typealias InteractionID = PrefixedID<InteractionIDPrefix>
public typealias TicketID = PrefixedID<TicketIDPrefix>
public typealias TicketCommentID = PrefixedID<TicketCommentIDPrefix>
public typealias AgentID = PrefixedID<AgentIDPrefix>
public typealias CampaignID = PrefixedID<CampaignIDPrefix>
public typealias SegmentID = PrefixedID<SegmentIDPrefix>
public typealias DeliveryID = PrefixedID<DeliveryIDPrefix>
public typealias DealID = PrefixedID<DealIDPrefix>
public typealias WebhookID = PrefixedID<WebhookIDPrefix>
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

import CRMHTTP
import CRMModel
import CRMSegments

/// What a client writes on a campaign (SPEC §3): `{name, channel, segmentId | filter, variants,
/// scheduledAt, transport}`; everything else is the server's. Reading rules are in
/// `CampaignFields+Reading.swift`.
struct CampaignFields: Sendable, Equatable {
    /// Who the campaign goes to: a saved segment's members, or an inline filter's.
    enum Audience: Sendable, Equatable {
        case segment(SegmentID)
        case filter(SegmentFilter)
    }

    /// How messages leave: the outbox an external sender drains, or a POST per message to `url`.
    enum Transport: Sendable, Equatable {
        case outbox
        case webhook(url: String)

        var name: String {
            switch self {
            case .outbox: "outbox"
            case .webhook: "webhook"
            }
        }
    }

    /// One A/B variant: `subject` only for email; `body` and `subject` are templates.
    struct Variant: Sendable, Equatable {
        var key: String
        var subject: String?
        var body: String
        var weight: Int
    }

    var name: String
    var channel: CampaignChannel
    var audience: Audience
    var variants: [Variant]
    var scheduledAt: Timestamp?
    var transport: Transport

    static let readOnlyKeys = ["id", "status", "launchedAt", "completedAt", "cancelledAt", "recipientCount", "launching",
                               "createdAt", "updatedAt", "version"]
    static let maxVariants = 10
    static let maxWeight = 1_000_000

    var segmentId: SegmentID? {
        if case .segment(let id) = audience { return id }
        return nil
    }

    func writeMembers(to writer: inout JSONWriter) {
        writer.field("name", name)
        writer.field("channel", channel.rawValue)
        writer.field("segmentId", segmentId)
        writer.key("filter")
        if case .filter(let filter) = audience { filter.write(to: &writer) } else { writer.null() }
        writer.field("variants", variants) { writer, variant in
            writer.beginObject()
            writer.field("key", variant.key)
            writer.field("subject", variant.subject)
            writer.field("body", variant.body)
            writer.field("weight", variant.weight)
            writer.endObject()
        }
        writer.field("scheduledAt", scheduledAt)
        writer.key("transport")
        writer.beginObject()
        writer.field("type", transport.name)
        if case .webhook(let url) = transport { writer.field("url", url) }
        writer.endObject()
    }
}

extension CampaignFields: JSONMembersWriting {}

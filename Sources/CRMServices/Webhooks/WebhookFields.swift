import CRMHTTP
import CRMModel

/// What a client sets on a webhook: `{url, events, active, description}`, validated with field
/// paths (422). A URL whose host is an IP literal or `localhost` is checked against the SSRF
/// policy here; host names are resolved, and refused when any address is not public, at each
/// delivery attempt (no DNS in the request path; a name can change its addresses anyway).
struct WebhookFields: Sendable, Equatable {
    var url: String
    var events: [String]
    var active: Bool
    var description: String?

    static let readOnlyKeys = ["id", "secret", "createdAt", "updatedAt", "version"]
    static let maxEvents = 20

    static func read(from object: JSONObject, policy: OutboundAddressPolicy) throws(FieldErrors) -> WebhookFields {
        var reader = ObjectReader(object)
        reader.rejectReadOnly(readOnlyKeys)
        let url = reader.string("url", maxLength: 2048, required: true)
        let events = reader.stringArray("events", maxCount: maxEvents, maxLength: 64, required: true)
        let active = reader.bool("active")
        let description = reader.string("description", maxLength: 500)
        if let url {
            switch OutboundURL.parse(url) {
            case .failure(let failure):
                reader.record(.invalidValue("url", failure.reason))
            case .success(let parsed):
                if let refusal = refusal(of: parsed, policy: policy) { reader.record(FieldError(field: "url", code: "refused_address", message: refusal)) }
            }
        }
        if let events {
            if events.isEmpty { reader.record(.invalidValue("events", "must name at least one event")) }
            for (position, event) in events.enumerated() where !WebhookEvent.subscribable.contains(event) {
                reader.record(.invalidValue("events[\(position)]", "must be one of \(WebhookEvent.changeEvents.joined(separator: ", ")) or *"))
            }
            if Set(events).count != events.count { reader.record(.invalidValue("events", "must not repeat an event")) }
        }
        try reader.finish()
        return WebhookFields(url: url ?? "", events: events ?? [], active: active ?? true, description: description)
    }

    /// Why the policy refuses the URL's host when it is an address or a loopback name; nil otherwise.
    static func refusal(of url: OutboundURL, policy: OutboundAddressPolicy) -> String? {
        guard !policy.allowsPrivate else { return nil }
        if url.host == "localhost" || url.host.hasSuffix(".localhost") || url.host == "localhost." {
            return "must not point at this machine (loopback); set CRM_WEBHOOK_ALLOW_PRIVATE=1 to allow private targets"
        }
        guard let address = IPAddress(literal: url.host), let kind = policy.refusal(of: address) else { return nil }
        return "\(address) is a \(kind) address; only public addresses are allowed unless CRM_WEBHOOK_ALLOW_PRIVATE=1"
    }

    /// The writable fields as an object (the base a merge patch applies to).
    var jsonObject: JSONObject {
        var object = JSONObject()
        object["url"] = .string(url)
        object["events"] = .array(events.map { .string($0) })
        object["active"] = .bool(active)
        object["description"] = description.map { .string($0) } ?? .null
        return object
    }
}

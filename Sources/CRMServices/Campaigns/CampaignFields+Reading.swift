import CRMHTTP
import CRMModel
import CRMSegments

/// Reading `CampaignFields` strictly, every problem at once (422 with paths):
/// - `name` 1–200 characters; `channel` `email` or `sms`;
/// - exactly one of `segmentId` and `filter` (the other absent or null);
/// - `variants`: 1–10, unique `key`s (1–32 of `A–Z a–z 0–9 _ -`), `weight` an integer 0–1,000,000
///   (default 1) with a positive sum; email variants need a `subject` (≤ 998), sms variants have
///   none; `body` 1–100,000 characters (sms ≤ 1,600); subject and body are templates whose
///   placeholders must be known (`TemplateField`);
/// - `scheduledAt` an RFC 3339 time or null; `transport` `{"type": "outbox"}` (default) or
///   `{"type": "webhook", "url"}` with the webhooks' URL and address rules.
extension CampaignFields {
    static func read(from object: JSONObject, policy: OutboundAddressPolicy) throws(FieldErrors) -> CampaignFields {
        var reader = ObjectReader(object)
        reader.rejectReadOnly(readOnlyKeys)
        let name = reader.string("name", maxLength: 200, required: true)
        if name?.isEmpty == true { reader.record(.invalidValue("name", "must not be empty")) }
        let channel = reader.enumValue("channel", as: CampaignChannel.self, required: true)
        let audience = readAudience(&reader)
        let variants = reader.objectArray("variants", maxCount: maxVariants, required: true) { child in
            readVariant(&child, channel: channel)
        }
        if let variants { checkVariants(variants, &reader) }
        let scheduledAt = reader.timestamp("scheduledAt")
        let transport = reader.object("transport") { child in readTransport(&child, policy: policy) }
        try reader.finish()
        guard let name, let channel, let audience, let variants else { throw FieldErrors([.required("variants")]) }
        return CampaignFields(name: name, channel: channel, audience: audience, variants: variants.compactMap { $0 },
                              scheduledAt: scheduledAt, transport: transport.flatMap { $0 } ?? .outbox)
    }

    private static func readAudience(_ reader: inout ObjectReader) -> Audience? {
        let hasSegment = reader.object["segmentId"].map { !$0.isNull } ?? false
        let hasFilter = reader.object["filter"].map { !$0.isNull } ?? false
        let segmentId = reader.id("segmentId", as: SegmentID.self)
        var filter: SegmentFilter?
        if let value = reader.value("filter") {
            do throws(FieldErrors) {
                filter = try SegmentFilter(json: value, path: "filter")
            } catch {
                reader.record(error.errors)
            }
        }
        switch (hasSegment, hasFilter) {
        case (true, true):
            reader.record(.invalidValue("filter", "give either segmentId or filter, not both"))
            return nil
        case (false, false):
            reader.record(FieldError(field: "segmentId", code: "required", message: "a campaign needs a segmentId or a filter"))
            return nil
        default:
            return segmentId.map(Audience.segment) ?? filter.map(Audience.filter)
        }
    }

    private static func readVariant(_ reader: inout ObjectReader, channel: CampaignChannel?) -> Variant? {
        let key = reader.string("key", maxLength: 32, required: true)
        if let key, key.isEmpty || !key.utf8.allSatisfy(isKeyByte) {
            reader.record(.invalidValue(reader.fieldPath("key"), "must be 1–32 of A–Z, a–z, 0–9, _ and -"))
        }
        let subject = reader.string("subject", maxLength: 998, required: channel == .email)
        if channel == .sms, subject != nil {
            reader.record(.invalidValue(reader.fieldPath("subject"), "sms messages have no subject; leave it out"))
        }
        if channel == .email, subject?.isEmpty == true { reader.record(.invalidValue(reader.fieldPath("subject"), "must not be empty")) }
        let body = reader.string("body", maxLength: channel == .sms ? 1600 : 100_000, required: true)
        if body?.isEmpty == true { reader.record(.invalidValue(reader.fieldPath("body"), "must not be empty")) }
        let weight = reader.int("weight", in: 0...maxWeight) ?? 1
        for (name, text) in [("subject", subject), ("body", body)] {
            guard let text else { continue }
            do throws(MessageTemplate.TemplateProblem) {
                _ = try MessageTemplate(parsing: text)
            } catch {
                reader.record(.invalidValue(reader.fieldPath(name), error.message))
            }
        }
        guard let key, let body else { return nil }
        return Variant(key: key, subject: channel == .sms ? nil : subject, body: body, weight: weight)
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F || byte == 0x2D
    }

    private static func checkVariants(_ variants: [Variant?], _ reader: inout ObjectReader) {
        if variants.isEmpty { reader.record(.invalidValue("variants", "must have 1 to \(maxVariants) variants")) }
        let keys = variants.compactMap { $0?.key }
        if Set(keys).count != keys.count { reader.record(.invalidValue("variants", "keys must be unique")) }
        if !variants.isEmpty, variants.allSatisfy({ $0 != nil }), variants.reduce(0, { $0 + ($1?.weight ?? 0) }) == 0 {
            reader.record(.invalidValue("variants", "weights must add up to more than 0"))
        }
    }

    private static func readTransport(_ reader: inout ObjectReader, policy: OutboundAddressPolicy) -> Transport? {
        let type = reader.string("type", required: true)
        switch type {
        case "outbox":
            return .outbox
        case "webhook":
            guard let url = reader.string("url", maxLength: 2048, required: true) else { return nil }
            switch OutboundURL.parse(url) {
            case .failure(let failure):
                reader.record(.invalidValue(reader.fieldPath("url"), failure.reason))
            case .success(let parsed):
                if let refusal = WebhookFields.refusal(of: parsed, policy: policy) {
                    reader.record(FieldError(field: reader.fieldPath("url"), code: "refused_address", message: refusal))
                }
            }
            return .webhook(url: url)
        case nil:
            return nil
        default:
            reader.record(.invalidValue(reader.fieldPath("type"), "must be outbox or webhook"))
            return nil
        }
    }
}

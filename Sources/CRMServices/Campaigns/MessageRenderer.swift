import CRMModel

/// Renders one campaign's messages, its templates parsed once per launch:
/// - the variant is `VariantAssignment` of (campaign id, contact id) over the variants' weights;
/// - placeholders take the contact's values (`TemplateField`); in email bodies those values are
///   HTML-escaped (the body is HTML, a contact's name is text), subjects and sms bodies are plain
///   text and copied as they are;
/// - an email body's `http(s)` links point at `<base>/t/c/<token>?u=<percent-encoded url>` and an
///   open pixel `<base>/t/o/<token>` is added (`TrackedEmailBody`); sms bodies are not tracked;
/// - `{{unsubscribeUrl}}` is `<base>/t/u/<token>` (never rewritten into a click link).
/// A contact without an address for the channel (email, or phone for sms) gets no message.
struct MessageRenderer: Sendable {
    let campaign: Campaign
    let tokens: TrackingTokens
    /// Where tracking links point, e.g. `https://crm.example.com` (no trailing slash).
    let baseURL: String
    private let subjects: [MessageTemplate?]
    private let bodies: [MessageTemplate]
    private let weights: [Int]

    init(campaign: Campaign, tokens: TrackingTokens, baseURL: String) throws(MessageTemplate.TemplateProblem) {
        self.campaign = campaign
        self.tokens = tokens
        self.baseURL = baseURL
        var subjects: [MessageTemplate?] = []
        var bodies: [MessageTemplate] = []
        for variant in campaign.fields.variants {
            subjects.append(try variant.subject.map { text throws(MessageTemplate.TemplateProblem) in try MessageTemplate(parsing: text) })
            bodies.append(try MessageTemplate(parsing: variant.body))
        }
        self.subjects = subjects
        self.bodies = bodies
        self.weights = campaign.fields.variants.map(\.weight)
    }

    /// The index of the variant the contact gets.
    func variantIndex(for contact: ContactID) -> Int {
        VariantAssignment.variant(campaign: campaign.id.description, contact: contact.description, weights: weights) ?? 0
    }

    /// Where the message goes: the contact's email or phone, by channel.
    func address(of contact: Contact) -> String? {
        campaign.fields.channel == .email ? contact.fields.email : contact.fields.phone
    }

    func render(_ contact: Contact, id: DeliveryID, at now: Timestamp) -> CampaignMessage? {
        guard let to = address(of: contact) else { return nil }
        let index = variantIndex(for: contact.id)
        let token = tokens.token(for: id)
        let unsubscribe = "\(baseURL)/t/u/\(token)"
        let value: (TemplateField) -> String? = { field in
            field == .unsubscribeUrl ? unsubscribe : field.value(in: contact.fields)
        }
        let subject = subjects[index]?.render(value)
        var body: String
        var links: [String] = []
        switch campaign.fields.channel {
        case .email:
            let html = bodies[index].render(value, escape: HTMLText.escape)
            let tracked = TrackedEmailBody.make(html: html, untracked: "\(baseURL)/t/", clickURL: { url in
                "\(baseURL)/t/c/\(token)?u=\(Self.percentEncoded(url))"
            }, pixelURL: "\(baseURL)/t/o/\(token)")
            body = tracked.html
            links = tracked.links
        case .sms:
            body = bodies[index].render(value)
        }
        return CampaignMessage(id: id, campaignId: campaign.id, contactId: contact.id, variant: campaign.fields.variants[index].key,
                               channel: campaign.fields.channel, transport: campaign.fields.transport.name, to: to, subject: subject,
                               body: body, links: links, createdAt: now)
    }

    /// Every byte but RFC 3986's unreserved characters as `%XX`, so the URL survives as one query value.
    static func percentEncoded(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count * 2)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E:
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return output
    }
}

import Testing
@testable import CRMModel

/// Campaign templates (placeholders, fallbacks, validation), HTML escaping, link tracking, and
/// what events make of a message.
@Suite struct CampaignTemplateTests {
    static var anna: ContactFields {
        var fields = ContactFields()
        fields.firstName = "Anna"
        fields.email = "anna@example.com"
        fields.company = "R&D <Labs>"
        fields.customFields = ["plan": "pro", "seats": .number(JSONNumber(12)), "trial": true, "empty": ""]
        fields.address = .init(city: "Berlin")
        return fields
    }

    func render(_ text: String, _ fields: ContactFields = anna, escape: @escaping (String) -> String = { $0 }) throws -> String {
        try MessageTemplate(parsing: text).render({ $0 == .unsubscribeUrl ? "https://crm/t/u/x" : $0.value(in: fields) }, escape: escape)
    }

    @Test func placeholdersTakeTheContactsValuesOrTheirFallbacks() throws {
        #expect(try render("Hi {{firstName}}!") == "Hi Anna!")
        #expect(try render("Hi {{ lastName | there }}!") == "Hi there!")
        #expect(try render("Hi {{lastName}}!") == "Hi !")
        #expect(try render("{{customFields.plan}}/{{customFields.seats}}/{{customFields.trial}}/{{customFields.empty|none}}/{{customFields.gone|-}}")
                == "pro/12/true/none/-")
        #expect(try render("{{address.city}} {{unsubscribeUrl}}") == "Berlin https://crm/t/u/x")
        #expect(try render("a }} b {{firstName|x|y}}") == "a }} b Anna")
        #expect(try render("{{lastName|x|y}}") == "x|y")
    }

    @Test func unknownOrBrokenPlaceholdersAreRefusedByName() {
        for (text, needle) in [("Hi {{frstName}}", "{{frstName}}"), ("{{customFields.}}", "{{customFields.}}"),
                               ("Hi {{firstName", "without its closing"), ("{{ }}", "empty placeholder"), ("{{ |x}}", "empty placeholder")] {
            do {
                _ = try MessageTemplate(parsing: text)
                Issue.record("\(text) was accepted")
            } catch {
                #expect(error.message.contains(needle), "\(text): \(error.message)")
            }
        }
    }

    @Test func emailValuesAreEscapedButTheTemplateIsNot() throws {
        #expect(try render("<b>{{company}}</b>", escape: HTMLText.escape) == "<b>R&amp;D &lt;Labs&gt;</b>")
        #expect(HTMLText.escape(#"a"b'c"#) == "a&quot;b&#39;c")
        #expect(HTMLText.unescape("a&amp;b&quot;c&#39;d&lt;&gt;") == "a&b\"c'd<>")
    }

    @Test func linksPointAtTrackingURLsAndAPixelGoesBeforeTheBodyEnds() {
        let html = """
            <html><body><a href="https://shop.example.com/a?x=1&amp;y=2">A</a> <a class=x HREF = 'http://b.example.com/'>B</a>
            <a href="https://shop.example.com/a?x=1&amp;y=2">again</a> <a href="mailto:hi@example.com">mail</a> <a href=/relative>r</a>
            <a href="https://crm.example.com/t/u/tok">unsubscribe</a> <a href="https://x.example.com/has space">s</a></body></html>
            """
        let output = TrackedEmailBody.make(html: html, untracked: "https://crm.example.com/t/", clickURL: { "https://crm.example.com/t/c/tok?u=[\($0)]" },
                                           pixelURL: "https://crm.example.com/t/o/tok")
        #expect(output.links == ["https://shop.example.com/a?x=1&y=2", "http://b.example.com/"])
        #expect(output.html.contains(#"<a href="https://crm.example.com/t/c/tok?u=[https://shop.example.com/a?x=1&amp;y=2]">A</a>"#))
        #expect(output.html.contains(#"HREF = 'https://crm.example.com/t/c/tok?u=[http://b.example.com/]'>B"#))
        #expect(output.html.contains(#"href="mailto:hi@example.com""#) && output.html.contains("href=/relative"))
        #expect(output.html.contains(#"href="https://crm.example.com/t/u/tok""#))
        #expect(output.html.contains(#"href="https://x.example.com/has space""#))
        #expect(output.html.hasSuffix(#"<img src="https://crm.example.com/t/o/tok" width="1" height="1" alt="" style="display:none"></body></html>"#))
        let plain = TrackedEmailBody.make(html: "no links", untracked: "u", clickURL: { $0 }, pixelURL: "p")
        #expect(plain.html.hasPrefix("no links<img src=\"p\"") && plain.links.isEmpty)
    }

    @Test func eventsDecideTheShownStatus() {
        let now = Timestamp(millisecondsSinceEpoch: 1_000_000)
        let id = DeliveryID.make()
        func event(_ kind: CampaignEventKind, value: Int64? = nil) -> CampaignEvent {
            CampaignEvent(id: CampaignEventID.make(), campaignId: CampaignID.make(), deliveryId: id, contactId: nil, kind: kind, value: value,
                          url: nil, occurredAt: now, source: "api", createdAt: now)
        }
        let claimed = DeliveryProgress(deliveryId: id, state: .claimed, leaseExpiresAt: now + .seconds(5), claims: 1, updatedAt: now)
        #expect(DeliveryEngagement().status(stored: nil, now: now) == .queued)
        #expect(DeliveryEngagement().status(stored: claimed, now: now) == .claimed)
        #expect(DeliveryEngagement().status(stored: claimed, now: now + .seconds(5)) == .queued)
        let opened = DeliveryEngagement([event(.opened)])
        #expect(opened.isDelivered && opened.status(stored: claimed, now: now) == .delivered)
        #expect(DeliveryEngagement([event(.opened), event(.bounced)]).status(stored: nil, now: now) == .bounced)
        let cancelled = DeliveryProgress(deliveryId: id, state: .cancelled, updatedAt: now)
        #expect(opened.status(stored: cancelled, now: now) == .cancelled)
        let converted = DeliveryEngagement([event(.converted, value: 500), event(.converted, value: 250), event(.clicked), event(.opened)])
        #expect(converted.revenue == 750 && converted.leadScorePoints == 10)
        #expect(DeliveryEngagement([event(.unsubscribed)]).isDelivered == false)
    }
}

import CRMTestSupport
import Foundation
import Testing

/// The public tracking links over HTTP: the open pixel, clicks that redirect only to the message's
/// own links (never an open redirect), the unsubscribe page, and forged tokens.
@Suite struct CampaignTrackingTests {
    typealias Support = CampaignTestSupport
    static let link = "https://shop.example.com/sale?from=mail&x=1"

    /// One contact, one launched email campaign; answers the campaign, the delivery and its token.
    static func launchOne(_ server: TestServer) throws -> (campaign: String, delivery: [String: Any], token: String, contact: String) {
        let contact = try Support.post(server, "/v1/contacts", ["email": "t@example.com", "firstName": "<Tess>", "consent": ["email": true, "sms": true]])["id"] as! String
        let campaign = try Support.post(server, "/v1/campaigns", Support.emailCampaign(audience: ["filter": ["all": [] as [Any]]]))["id"] as! String
        try Support.post(server, "/v1/campaigns/\(campaign)/launch", [String: Any](), expect: 200)
        let delivery = try #require(try Support.deliveries(server, campaign: campaign).first)
        let token = try #require(Support.token(in: delivery["body"] as? String ?? ""))
        return (campaign, delivery, token, contact)
    }

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
    }

    @Test func bodiesAreEscapedAndTrackedAndOpensAndClicksCountOncePerMessage() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let (campaign, delivery, token, _) = try Self.launchOne(server)
            let body = delivery["body"] as? String ?? ""
            #expect(body.contains("Hello &lt;Tess&gt;!") && delivery["subject"] as? String == "Hi <Tess>")
            // The link points at the click URL (the target percent-encoded, RFC 3986 unreserved characters kept).
            #expect(body.contains("/t/c/\(token)?u=https%3A%2F%2Fshop.example.com%2Fsale%3Ffrom%3Dmail%26x%3D1\""))
            #expect(!body.contains(#"href="https://shop.example.com"#))
            #expect(body.contains("/t/u/\(token)\">Unsubscribe") && body.contains("<img src=\"") && body.contains("/t/o/\(token)\""))

            for _ in 0..<2 {
                let pixel = try server.request("GET", "/t/o/\(token)", key: nil)
                #expect(pixel.status == 200 && pixel.header("Content-Type") == "image/gif" && pixel.body.count == 43)
                #expect(pixel.header("Cache-Control") == "no-store" && Array(pixel.body.prefix(6)) == Array("GIF89a".utf8))
            }
            let click = try server.request("GET", "/t/c/\(token)?u=\(Self.encoded(Self.link))", key: nil)
            #expect(click.status == 302 && click.header("Location") == Self.link)
            let plusEncoded = "https%3A%2F%2Fshop.example.com%2Fsale%3Ffrom%3Dmail%26x%3D1"
            #expect(try server.request("GET", "/t/c/\(token)?u=\(plusEncoded)", key: nil).status == 302)
            let shown = try #require(try Support.deliveries(server, campaign: campaign).first)
            #expect(shown["openedAt"] is String && shown["clickedAt"] is String && shown["status"] as? String == "delivered")
            let overall = try Support.get(server, "/v1/campaigns/\(campaign)/stats")["overall"] as? [String: Any]
            #expect(overall?["uniqueOpens"] as? Int == 1 && overall?["uniqueClicks"] as? Int == 1 && overall?["delivered"] as? Int == 1)
        }
    }

    @Test func clicksNeverRedirectAnywhereElse() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let (campaign, delivery, token, _) = try Self.launchOne(server)
            let attempts = [
                "https://evil.example.com/",
                "https://shop.example.com.evil.com/sale?from=mail&x=1",
                "https://shop.example.com@evil.com/sale?from=mail&x=1",
                "https://shop.example.com/sale?from=mail&x=1&next=https://evil.com",
                "https://shop.example.com/sale?from=mail",
                "https://shop.example.com/sale?from=mail&x=1/../../evil",
                "HTTPS://SHOP.EXAMPLE.COM/sale?from=mail&x=1",
                "//evil.com",
                "javascript:alert(1)",
                " https://shop.example.com/sale?from=mail&x=1",
                "https://shop.example.com/sale?from=mail&amp;x=1",
                "\(Self.link)\r\nSet-Cookie: a=b",
            ]
            for target in attempts {
                let response = try server.request("GET", "/t/c/\(token)?u=\(Self.encoded(target))", key: nil)
                #expect(response.status == 400 && response.header("Location") == nil, "\(target): \(response.status)")
            }
            // Encoded variants: double encoding, an encoded evil host, a second u, no u, a raw (unencoded) query.
            let raw = [
                "u=\(Self.encoded(Self.encoded(Self.link)))",
                "u=https%3A%2F%2Fevil.example.com%2F",
                "u=%68ttps://evil.example.com/",
                "u=\(Self.encoded(Self.link))&u=https%3A%2F%2Fevil.example.com",
                "u=https%3A%2F%2Fevil.example.com&u=\(Self.encoded(Self.link))",
                "",
                "url=\(Self.encoded(Self.link))",
                "u=https://shop.example.com/sale?from=mail&x=1",
            ]
            for query in raw {
                let response = try server.request("GET", "/t/c/\(token)?\(query)", key: nil)
                #expect(response.status == 400 && response.header("Location") == nil, "\(query): \(response.status)")
            }
            // Another message's link, a forged token, a token for another delivery id.
            let forged = String(token.dropLast()) + (token.hasSuffix("A") ? "B" : "A")
            #expect(try server.request("GET", "/t/c/\(forged)?u=\(Self.encoded(Self.link))", key: nil).status == 404)
            let otherId = "dv_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X" + token.drop { $0 != "." }
            #expect(try server.request("GET", "/t/o/\(otherId)", key: nil).status == 404)
            #expect(try server.request("GET", "/t/u/nonsense", key: nil).status == 404)
            #expect(try server.request("GET", "/t/o/\(token)?x=1", key: nil).status == 400)
            let shown = try #require(try Support.deliveries(server, campaign: campaign).first)
            #expect(shown["clickedAt"] is NSNull && delivery["id"] as? String == shown["id"] as? String)
        }
    }

    @Test func theUnsubscribeLinkTurnsConsentOffOnce() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let (campaign, _, token, contact) = try Self.launchOne(server)
            // A link checker's HEAD changes nothing.
            #expect(try server.request("HEAD", "/t/u/\(token)", key: nil).status == 200)
            let before = try Support.get(server, "/v1/contacts/\(contact)")
            #expect((before["consent"] as? [String: Any])?["email"] as? Bool == true)
            let page = try server.request("GET", "/t/u/\(token)", key: nil)
            #expect(page.status == 200 && page.header("Content-Type") == "text/html; charset=utf-8" && page.text.contains("unsubscribed"))
            let after = try Support.get(server, "/v1/contacts/\(contact)")
            #expect((after["consent"] as? [String: Any])?["email"] as? Bool == false)
            #expect((after["consent"] as? [String: Any])?["sms"] as? Bool == true)
            #expect(after["version"] as? Int == (before["version"] as? Int ?? 0) + 1)
            #expect(try server.request("GET", "/t/u/\(token)", key: nil).status == 200)
            #expect(try Support.get(server, "/v1/contacts/\(contact)")["version"] as? Int == after["version"] as? Int)
            let overall = try Support.get(server, "/v1/campaigns/\(campaign)/stats")["overall"] as? [String: Any]
            #expect(overall?["unsubscribes"] as? Int == 1)
            let timeline = try Support.get(server, "/v1/contacts/\(contact)/timeline?kind=campaign_event")["data"] as? [[String: Any]] ?? []
            #expect(timeline.compactMap { ($0["campaign_event"] as? [String: Any])?["type"] as? String } == ["unsubscribed"])
        }
    }
}

import CRMModel
import CRMTestSupport
import Foundation
import Testing

/// Audience resolution against a brute-force evaluation of 5,000 generated contacts: the filter,
/// consent per channel, unsubscribes (through the link), one message per address; and each
/// recipient's variant is the documented weighted hash.
@Suite struct CampaignAudienceTests {
    typealias Support = CampaignTestSupport

    struct Person {
        var email: String
        var stage: String
        var tags: [String]
        var score: Int
        var phone: String?
        var consentEmail: Bool
        var consentSMS: Bool

        var json: [String: Any] {
            var object: [String: Any] = ["email": email, "lifecycleStage": stage, "tags": tags, "customFields": ["score": score],
                                         "consent": ["email": consentEmail, "sms": consentSMS], "firstName": "P\(email.prefix(5))"]
            if let phone { object["phone"] = phone }
            return object
        }

        /// The filter below, evaluated by hand.
        var matches: Bool {
            ["lead", "customer"].contains(stage) && (tags.contains("news") || score >= 70)
        }
    }

    static var filter: [String: Any] { ["all": [
        ["field": "lifecycleStage", "op": "in", "value": ["lead", "customer"]],
        ["any": [["field": "tags", "op": "contains", "value": "news"], ["field": "customFields.score", "op": "gte", "value": 70]]],
    ]] }

    static func people() -> [Person] {
        var random = SeededGenerator(seed: 5_000)
        let stages = ["subscriber", "lead", "mql", "customer"]
        let tagPool = ["news", "vip", "trial"]
        return (0..<5_000).map { index in
            Person(email: "p\(index)@example.com", stage: stages[Int(random.next() % 4)], tags: tagPool.filter { _ in random.next() % 3 == 0 },
                   score: Int(random.next() % 101), phone: random.next() % 5 < 3 ? "+1415\(String(1_000_000 + random.next() % 2_500))" : nil,
                   consentEmail: random.next() % 10 < 7, consentSMS: random.next() % 2 == 0)
        }
    }

    @Test func audiencesMatchABruteForceEvaluation() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let people = Self.people()
            let ids = try Support.createContacts(server, people.map(\.json))
            #expect(ids.count == 5_000)
            let segment = try Support.post(server, "/v1/segments", ["name": "Engaged", "filter": Self.filter])["id"] as! String
            #expect(try Support.get(server, "/v1/segments/\(segment)/contacts?limit=1")["total"] as? Int == people.count { $0.matches })

            // Email: members with consent.email.
            let variants: [[String: Any]] = [
                ["key": "A", "subject": "A {{firstName}}", "weight": 70, "body": #"<a href="https://shop.example.com/a">a</a> {{unsubscribeUrl}}"#],
                ["key": "B", "subject": "B {{firstName}}", "weight": 30, "body": #"<a href="https://shop.example.com/b">b</a> {{unsubscribeUrl}}"#],
            ]
            let first = try Support.post(server, "/v1/campaigns", Support.emailCampaign(audience: ["segmentId": segment], variants: variants))["id"] as! String
            let launched = try Support.post(server, "/v1/campaigns/\(first)/launch", [String: Any](), expect: 200)
            let expected = Set(people.indices.filter { people[$0].matches && people[$0].consentEmail }.map { ids[$0] })
            #expect(launched["recipientCount"] as? Int == expected.count)
            let deliveries = try Support.deliveries(server, campaign: first)
            #expect(Set(deliveries.compactMap { $0["contactId"] as? String }) == expected)
            #expect(deliveries.count == expected.count, "one message per contact")

            // Each variant is the documented hash, and the split follows the weights.
            var wrong = 0
            for delivery in deliveries {
                let index = VariantAssignment.variant(campaign: first, contact: delivery["contactId"] as! String, weights: [70, 30])!
                if delivery["variant"] as? String != ["A", "B"][index] { wrong += 1 }
            }
            #expect(wrong == 0)
            let shareA = Double(deliveries.count { $0["variant"] as? String == "A" }) / Double(deliveries.count)
            // The campaign id (and so the hash) is new each run: allow 4.5 standard deviations of a
            // binomial share over this many recipients (a fixed 0.04 failed about one run in ten here).
            // CampaignMathTests holds the split over 10,000 ids to 2 points.
            let tolerance = 4.5 * (0.7 * 0.3 / Double(deliveries.count)).squareRoot()
            #expect(abs(shareA - 0.7) < tolerance, "\(shareA) over \(deliveries.count) recipients")
            let sample = try #require(deliveries.first)
            let person = people[try #require(ids.firstIndex(of: sample["contactId"] as? String ?? ""))]
            #expect(sample["subject"] as? String == "\(sample["variant"] as? String ?? "?") P\(person.email.prefix(5))")
            #expect(sample["to"] as? String == person.email)

            // Fifty recipients unsubscribe through their link: consent off, left out of the next audience.
            let leaving = Array(deliveries.prefix(50))
            for delivery in leaving {
                let token = try #require(Support.token(in: delivery["body"] as? String ?? ""))
                let page = try server.request("GET", "/t/u/\(token)", key: nil)
                #expect(page.status == 200 && page.header("Content-Type")?.hasPrefix("text/html") == true)
            }
            let someone = try Support.get(server, "/v1/contacts/\(leaving[0]["contactId"] as! String)")
            #expect((someone["consent"] as? [String: Any])?["email"] as? Bool == false)
            let second = try Support.post(server, "/v1/campaigns", Support.emailCampaign(audience: ["filter": Self.filter]))["id"] as! String
            try Support.post(server, "/v1/campaigns/\(second)/launch", [String: Any](), expect: 200)
            let gone = Set(leaving.compactMap { $0["contactId"] as? String })
            #expect(Set(try Support.deliveries(server, campaign: second).compactMap { $0["contactId"] as? String }) == expected.subtracting(gone))
            #expect((try Support.get(server, "/v1/campaigns/\(first)/stats")["overall"] as? [String: Any])?["unsubscribes"] as? Int == 50)

            // SMS: members with consent.sms and a phone, one message per phone number (the oldest contact keeps it).
            let sms = try Support.post(server, "/v1/campaigns", ["name": "Text", "channel": "sms", "segmentId": segment,
                                                                 "variants": [["key": "T", "body": "Hi {{firstName|you}}"]]])["id"] as! String
            try Support.post(server, "/v1/campaigns/\(sms)/launch", [String: Any](), expect: 200)
            var phones = Set<String>()
            var expectedSMS = Set<String>()
            for (index, person) in people.enumerated() where person.matches && person.consentSMS {
                guard let phone = person.phone, phones.insert(phone).inserted else { continue }
                expectedSMS.insert(ids[index])
            }
            let texts = try Support.deliveries(server, campaign: sms)
            #expect(Set(texts.compactMap { $0["contactId"] as? String }) == expectedSMS)
            #expect(Set(texts.compactMap { $0["to"] as? String }).count == texts.count)
            #expect(texts.allSatisfy { $0["subject"] is NSNull && !($0["body"] as? String ?? "").contains("/t/o/") })
        }
    }
}

import CRMTestSupport
import Foundation
import Testing

/// History from the log, the privacy export, and erase leaving no trace in any file of the data
/// directory — over real sockets against a `crm serve` process.
@Suite struct ContactHistoryAndPrivacyTests {
    static func json(_ response: RawResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    static func directoryHolds(_ directory: URL, _ needle: String) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        return try names.filter { name in
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            return data.range(of: Data(needle.utf8)) != nil
        }
    }

    @Test func historyListsEveryVersionNewestFirstWithChangedFields() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let created = Self.json(try server.request("POST", "/v1/contacts", body: #"{"email":"h@example.com","firstName":"Hana","address":{"city":"Oslo"}}"#))
            let id = created["id"] as! String
            #expect(try server.request("PATCH", "/v1/contacts/\(id)", body: #"{"title":"CTO","address":{"city":"Bergen"}}"#).status == 200)
            #expect(try server.request("PATCH", "/v1/contacts/\(id)", body: #"{"tags":["vip"]}"#).status == 200)
            try server.restart()
            let history = try server.request("GET", "/v1/contacts/\(id)/history")
            #expect(history.status == 200)
            let entries = Self.json(history)["data"] as? [[String: Any]] ?? []
            #expect(entries.map { $0["version"] as? Int } == [3, 2, 1])
            #expect(entries.map { $0["op"] as? String } == ["update", "update", "create"])
            #expect(entries[0]["actor"] as? String == "key_admin")
            let second = entries[1]["changes"] as? [[String: Any]] ?? []
            #expect(Set(second.compactMap { $0["field"] as? String }) == ["title", "address.city"])
            let city = second.first { $0["field"] as? String == "address.city" }
            #expect(city?["from"] as? String == "Oslo")
            #expect(city?["to"] as? String == "Bergen")

            let firstPage = Self.json(try server.request("GET", "/v1/contacts/\(id)/history?limit=2"))
            let cursor = try #require(firstPage["nextCursor"] as? String)
            let rest = Self.json(try server.request("GET", "/v1/contacts/\(id)/history?limit=2&cursor=\(cursor)"))
            #expect((rest["data"] as? [[String: Any]])?.map { $0["version"] as? Int } == [1])
            #expect(try server.request("GET", "/v1/contacts/\(id)/history?limit=0").status == 400)
            #expect(try server.request("GET", "/v1/contacts/\(id)/history?since=x").status == 400)
            #expect(try server.request("GET", "/v1/contacts/ct_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X/history").status == 404)
        }
    }

    @Test func eraseRemovesThePersonFromEveryFileAndKeepsOthers() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let person = Self.json(try server.request("POST", "/v1/contacts", body: #"{"email":"zelda.quist@example.com","firstName":"Zeldaquist","lastName":"Vanterpool","phone":"+4915112345678"}"#))
            let id = person["id"] as! String
            #expect(try server.request("PATCH", "/v1/contacts/\(id)", body: #"{"title":"Buyer"}"#).status == 200)
            #expect(try server.request("POST", "/v1/contacts/\(id)/interactions", body: #"{"type":"note","body":"Xylophonic complaint about invoice"}"#).status == 201)
            let other = Self.json(try server.request("POST", "/v1/contacts", body: #"{"email":"kept@example.com","firstName":"Kept"}"#))

            let export = try server.request("GET", "/v1/contacts/\(id)/export")
            #expect(export.status == 200)
            let exported = Self.json(export)
            #expect((exported["contact"] as? [String: Any])?["email"] as? String == "zelda.quist@example.com")
            #expect((exported["history"] as? [Any])?.count == 2)
            #expect((exported["interactions"] as? [[String: Any]])?.first?["body"] as? String == "Xylophonic complaint about invoice")

            #expect(try server.request("POST", "/v1/contacts/\(id)/erase", key: nil).status == 401)
            #expect(try server.request("POST", "/v1/contacts/\(id)/erase").status == 204)
            #expect(try server.request("GET", "/v1/contacts/\(id)").status == 404)
            #expect(try server.request("GET", "/v1/contacts/\(id)/history").status == 404)
            #expect(try server.request("POST", "/v1/contacts/\(id)/erase").status == 204, "erasing again is harmless")
            for needle in ["zelda.quist", "Zeldaquist", "Vanterpool", "4915112345678", "Xylophonic"] {
                #expect(try Self.directoryHolds(server.dataDirectory, needle).isEmpty, "\(needle) is still on disk")
            }
            #expect(try server.request("GET", "/v1/contacts/\(other["id"] as! String)").status == 200)
            // The same email can be used again, and everything survives a restart.
            #expect(try server.request("POST", "/v1/contacts", body: #"{"email":"zelda.quist@example.com"}"#).status == 201)
            try server.restart()
            #expect(try server.request("GET", "/v1/contacts/\(id)").status == 404)
            #expect(try server.request("GET", "/v1/contacts/\(other["id"] as! String)").status == 200)
        }
    }

    @Test func eraseAlsoRemovesWebhookCopiesOfThePerson() async throws {
        try await offPool { () throws -> Void in
            let receiver = try LoopbackReceiver { _, _ in .status(200) }
            let server = try TestServer(environment: WebhookDeliveryTests.environment)
            let hook = try WebhookDeliveryTests.createHook(server, port: receiver.port)
            let person = Self.json(try server.request("POST", "/v1/contacts", body: #"{"email":"hookcopy.quist@example.com","lastName":"Hookcopy"}"#))
            let id = person["id"] as! String
            #expect(try server.request("POST", "/v1/contacts/\(id)/interactions", body: #"{"type":"note","body":"Zanzibarian order note"}"#).status == 201)
            try WebhookDeliveryTests.waitForDelivery(server, hook: hook.id) { ($0["payload"] as? [String: Any])?["event"] as? String == "interaction.created" && $0["state"] as? String == "delivered" }
            #expect(try server.request("POST", "/v1/contacts/\(id)/erase").status == 204)
            usleep(300_000)
            for needle in ["hookcopy.quist", "Hookcopy", "Zanzibarian"] {
                #expect(try Self.directoryHolds(server.dataDirectory, needle).isEmpty, "\(needle) is still on disk")
            }
            let events = try WebhookDeliveryTests.deliveries(server, hook: hook.id).compactMap { ($0["payload"] as? [String: Any])?["event"] as? String }
            #expect(events.contains("contact.erased"))
            #expect(!events.contains("contact.created"), "the copies of the person's data are gone from the deliveries log")
        }
    }
}

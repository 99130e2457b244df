import CRMTestSupport
import Foundation
import Testing

/// Webhooks end to end over real sockets: a receiver on loopback, a `crm serve` process with
/// `CRM_WEBHOOK_ALLOW_PRIVATE=1` and retry waits scaled down (`CRM_WEBHOOK_RETRY_SCALE`).
@Suite struct WebhookDeliveryTests {
    static let environment = ["CRM_WEBHOOK_ALLOW_PRIVATE": "1", "CRM_WEBHOOK_RETRY_SCALE": "0.002"]

    static func json(_ response: RawResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    static func createHook(_ server: TestServer, port: Int, events: String = #"["*"]"#) throws -> (id: String, secret: String) {
        let created = try server.request("POST", "/v1/webhooks", body: #"{"url":"http://127.0.0.1:\#(port)/hook","events":\#(events)}"#)
        #expect(created.status == 201, "\(created.text)")
        let body = json(created)
        return (body["id"] as? String ?? "", body["secret"] as? String ?? "")
    }

    static func deliveries(_ server: TestServer, hook: String) throws -> [[String: Any]] {
        json(try server.request("GET", "/v1/webhooks/\(hook)/deliveries"))["data"] as? [[String: Any]] ?? []
    }

    /// Polls the deliveries log until `done` holds for the newest delivery (bounded).
    @discardableResult
    static func waitForDelivery(_ server: TestServer, hook: String, timeout: Double = 30,
                                until done: ([String: Any]) -> Bool) throws -> [String: Any]? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let newest = try deliveries(server, hook: hook).first, done(newest) { return newest }
            usleep(50_000)
        }
        return try deliveries(server, hook: hook).first
    }

    static func createContact(_ server: TestServer, email: String) throws -> String {
        let created = try server.request("POST", "/v1/contacts", body: #"{"email":"\#(email)"}"#)
        #expect(created.status == 201)
        return json(created)["id"] as? String ?? ""
    }

    @Test func failsThreeTimesThenDeliversAndEverySignatureVerifies() async throws {
        try await offPool { () throws -> Void in
            let receiver = try LoopbackReceiver { number, _ in .status(number < 3 ? 500 : 200) }
            let server = try TestServer(environment: Self.environment)
            let hook = try Self.createHook(server, port: receiver.port, events: #"["contact.created"]"#)
            let contact = try Self.createContact(server, email: "retry@example.com")
            let delivery = try Self.waitForDelivery(server, hook: hook.id) { $0["state"] as? String == "delivered" }
            let attempts = delivery?["attempts"] as? [[String: Any]] ?? []
            #expect(attempts.map { $0["status"] as? Int } == [500, 500, 500, 200])
            #expect(delivery?["nextAttemptAt"] is NSNull)
            let requests = receiver.received
            #expect(requests.count == 4)
            let bodies = Set(requests.map(\.bodyText))
            #expect(bodies.count == 1, "every attempt sends the same bytes")
            for request in requests {
                #expect(request.head == "POST /hook HTTP/1.1")
                #expect(request.headers["content-type"] == "application/json")
                #expect(request.headers["user-agent"] == "crm-webhooks/1")
                #expect(request.headers["crm-webhook-id"] == delivery?["id"] as? String)
                #expect(IndependentHMAC.verifies(request.headers["crm-signature"] ?? "", secret: hook.secret, body: request.body))
                #expect(!IndependentHMAC.verifies(request.headers["crm-signature"] ?? "", secret: hook.secret, body: request.body + [32]))
            }
            let payload = (try? JSONSerialization.jsonObject(with: Data(requests[0].body))) as? [String: Any] ?? [:]
            #expect(payload["event"] as? String == "contact.created")
            #expect(payload["id"] as? String == delivery?["id"] as? String)
            #expect(payload["entityId"] as? String == contact)
            #expect((payload["data"] as? [String: Any])?["email"] as? String == "retry@example.com")
            // Only the subscribed event: an update sends nothing.
            #expect(try server.request("PATCH", "/v1/contacts/\(contact)", body: #"{"title":"CEO"}"#).status == 200)
            usleep(300_000)
            #expect(try Self.deliveries(server, hook: hook.id).count == 1)
        }
    }

    @Test func pendingDeliveriesSurviveKillNine() async throws {
        try await offPool { () throws -> Void in
            let receiver = try LoopbackReceiver { _, _ in .status(204) }
            receiver.stop()
            let server = try TestServer(environment: Self.environment)
            let hook = try Self.createHook(server, port: receiver.port)
            let contact = try Self.createContact(server, email: "crash@example.com")
            #expect(try server.request("DELETE", "/v1/contacts/\(contact)").status == 204)
            // Both events were tried at least once against the closed port, then the server dies.
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                let pending = try Self.deliveries(server, hook: hook.id)
                if pending.count == 2 && pending.allSatisfy({ ($0["attempts"] as? [Any])?.isEmpty == false }) { break }
                usleep(20_000)
            }
            let before = try Self.deliveries(server, hook: hook.id)
            #expect(before.count == 2)
            #expect(before.allSatisfy { $0["state"] as? String == "pending" })
            server.crash()
            try receiver.start()
            try server.restart()
            let received = receiver.wait(for: 2)
            #expect(Set(received.compactMap { $0.headers["crm-webhook-id"] }) == Set(before.compactMap { $0["id"] as? String }))
            let events = received.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.body))) as? [String: Any] }.compactMap { $0["event"] as? String }
            #expect(Set(events) == ["contact.created", "contact.deleted"])
            try Self.waitForDelivery(server, hook: hook.id) { _ in
                (try? Self.deliveries(server, hook: hook.id).allSatisfy { $0["state"] as? String == "delivered" }) == true
            }
            let after = try Self.deliveries(server, hook: hook.id)
            #expect(after.allSatisfy { $0["state"] as? String == "delivered" })
            #expect(after.allSatisfy { ($0["attempts"] as? [[String: Any]])?.first?["error"] is String })
            usleep(300_000)
            #expect(receiver.received.count == 2, "nothing is delivered twice once acknowledged")
        }
    }

    @Test func goneDisablesTheHook() async throws {
        try await offPool { () throws -> Void in
            let receiver = try LoopbackReceiver { _, _ in .status(410) }
            let server = try TestServer(environment: Self.environment)
            let hook = try Self.createHook(server, port: receiver.port)
            _ = try Self.createContact(server, email: "gone@example.com")
            let delivery = try Self.waitForDelivery(server, hook: hook.id) { $0["state"] as? String == "failed" }
            #expect((delivery?["attempts"] as? [[String: Any]])?.map { $0["status"] as? Int } == [410])
            let current = Self.json(try server.request("GET", "/v1/webhooks/\(hook.id)"))
            #expect(current["active"] as? Bool == false)
            #expect(current["version"] as? Int == 2)
            _ = try Self.createContact(server, email: "gone2@example.com")
            usleep(300_000)
            #expect(receiver.received.count == 1, "an inactive hook gets nothing")
        }
    }

    @Test func theTestEndpointSendsAPing() async throws {
        try await offPool { () throws -> Void in
            let receiver = try LoopbackReceiver { _, _ in .status(200) }
            let server = try TestServer(environment: Self.environment)
            let hook = try Self.createHook(server, port: receiver.port, events: #"["interaction.created"]"#)
            let queued = try server.request("POST", "/v1/webhooks/\(hook.id)/test")
            #expect(queued.status == 202)
            #expect(Self.json(queued)["event"] as? String == "ping")
            let request = receiver.wait(for: 1).first
            let payload = request.flatMap { (try? JSONSerialization.jsonObject(with: Data($0.body))) as? [String: Any] } ?? [:]
            #expect(payload["event"] as? String == "ping")
            #expect(payload["entityId"] as? String == hook.id)
            #expect(IndependentHMAC.verifies(request?.headers["crm-signature"] ?? "", secret: hook.secret, body: request?.body ?? []))
            #expect(try Self.waitForDelivery(server, hook: hook.id) { $0["state"] as? String == "delivered" }?["state"] as? String == "delivered")
            #expect(try server.request("POST", "/v1/webhooks/wh_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X/test").status == 404)
        }
    }

    @Test func privateTargetsAreRefusedWithoutTheOperatorsConsent() async throws {
        try await offPool { () throws -> Void in
            let receiver = try LoopbackReceiver { _, _ in .status(200) }
            let server = try TestServer(environment: ["CRM_WEBHOOK_RETRY_SCALE": "0.002"])
            for url in ["http://127.0.0.1:\(receiver.port)/", "http://10.0.0.1/", "http://[::1]/", "http://169.254.169.254/latest/meta-data",
                        "https://localhost/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://224.0.0.1/"] {
                let refused = try server.request("POST", "/v1/webhooks", body: #"{"url":"\#(url)","events":["*"]}"#)
                #expect(refused.status == 422, "\(url)")
                #expect(refused.text.contains("refused_address"), "\(url)")
            }
            // A hook made while private targets were allowed is refused at delivery once they are not.
            let dataDirectory = server.dataDirectory
            server.stop()
            let allowing = try TestServer(dataDirectory: dataDirectory, environment: Self.environment)
            let hook = try Self.createHook(allowing, port: receiver.port)
            allowing.stop()
            let refusing = try TestServer(dataDirectory: dataDirectory, environment: ["CRM_WEBHOOK_RETRY_SCALE": "0.002"])
            #expect(try refusing.request("POST", "/v1/webhooks/\(hook.id)/test").status == 202)
            let delivery = try Self.waitForDelivery(refusing, hook: hook.id) { ($0["attempts"] as? [Any])?.isEmpty == false }
            let error = (delivery?["attempts"] as? [[String: Any]])?.first?["error"] as? String ?? ""
            #expect(error.contains("refused address"), "\(error)")
            #expect(receiver.received.isEmpty)
        }
    }
}

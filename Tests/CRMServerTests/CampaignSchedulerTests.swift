import CRMTestSupport
import Foundation
import Testing

/// The campaign scheduler: a campaign due while the server was down launches on start; the
/// scheduler launches a due one while running.
@Suite struct CampaignSchedulerTests {
    typealias Support = CampaignTestSupport

    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    @Test func aCampaignDueWhileTheServerWasDownLaunchesOnStart() async throws {
        try await offPool { () throws -> Void in
            // A long interval: only the run at start can launch it in time.
            let server = try TestServer(arguments: ["--campaign-scheduler-interval", "3600"])
            for index in 0..<3 { try Support.post(server, "/v1/contacts", ["email": "s\(index)@example.com", "consent": ["email": true]]) }
            let due = Date().addingTimeInterval(2)
            let created = try Support.post(server, "/v1/campaigns", Support.emailCampaign(audience: ["filter": ["all": [] as [Any]]],
                                                                                    extra: ["scheduledAt": Self.rfc3339(due)]))
            let id = try #require(created["id"] as? String)
            #expect(created["status"] as? String == "scheduled")
            #expect(server.stop() == 0)
            while Date() < due.addingTimeInterval(0.2) { usleep(50_000) }
            try server.restart()
            #expect(try Support.eventually(timeout: 10) {
                try Support.get(server, "/v1/campaigns/\(id)")["status"] as? String == "running"
            })
            let campaign = try Support.get(server, "/v1/campaigns/\(id)")
            #expect(campaign["recipientCount"] as? Int == 3 && campaign["launchedAt"] is String)
            #expect(try Support.eventually(timeout: 10) { try Support.deliveries(server, campaign: id).count == 3 })
            let history = try Support.get(server, "/v1/campaigns/\(id)/history")["data"] as? [[String: Any]] ?? []
            #expect(history.first?["actor"] as? String == "system")
        }
    }

    @Test func theSchedulerLaunchesADueCampaignWhileRunning() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer(arguments: ["--campaign-scheduler-interval", "0.2"])
            try Support.post(server, "/v1/contacts", ["email": "r@example.com", "consent": ["email": true]])
            let id = try Support.post(server, "/v1/campaigns", Support.emailCampaign(audience: ["filter": ["all": [] as [Any]]],
                                                                               extra: ["scheduledAt": Self.rfc3339(Date().addingTimeInterval(1))]))["id"] as! String
            #expect(try Support.get(server, "/v1/campaigns/\(id)")["status"] as? String == "scheduled")
            #expect(try Support.eventually(timeout: 10) {
                try Support.get(server, "/v1/campaigns/\(id)")["status"] as? String == "running"
            })
            // Its one message gets a result: the scheduler completes the campaign. ("running" is set by the
            // launch's first commit; the message itself is written by the next one, so claim until it is there.)
            var claim: [[String: Any]] = []
            #expect(try Support.eventually(timeout: 10) {
                claim = try Support.post(server, "/v1/outbox/claim", ["limit": 5], expect: 200)["data"] as? [[String: Any]] ?? []
                return !claim.isEmpty
            })
            try Support.post(server, "/v1/outbox/\(try #require(claim.first?["deliveryId"] as? String))/result", ["status": "sent"], expect: 200)
            #expect(try Support.eventually(timeout: 10) {
                try Support.get(server, "/v1/campaigns/\(id)")["status"] as? String == "completed"
            })
            #expect(try Support.get(server, "/v1/campaigns/\(id)")["completedAt"] is String)
        }
    }
}

/// A launch that a kill -9 interrupts is finished on the next start: the same audience, every
/// contact exactly once.
@Suite struct CampaignLaunchRecoveryTests {
    typealias Support = CampaignTestSupport

    @Test func anInterruptedLaunchFinishesOnStart() async throws {
        try await offPool { () throws -> Void in
            // Ten messages per commit: the launch takes a few hundred commits, time enough to kill it midway.
            let server = try TestServer(environment: ["CRM_CAMPAIGN_LAUNCH_BATCH": "10"])
            let ids = try Support.createContacts(server, (0..<3_000).map { ["email": "k\($0)@example.com", "consent": ["email": $0 % 3 != 0]] })
            let id = try Support.post(server, "/v1/campaigns", Support.emailCampaign(audience: ["filter": ["all": [] as [Any]]]))["id"] as! String
            let port = server.port
            let launching = Thread {
                _ = try? RawClient(port: port).send("POST /v1/campaigns/\(id)/launch HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(TestServer.adminKey)\r\nContent-Length: 0\r\n\r\n")
            }
            launching.start()
            #expect(try Support.eventually(timeout: 20) {
                let campaign = try Support.get(server, "/v1/campaigns/\(id)")
                let written = try Support.get(server, "/v1/campaigns/\(id)/deliveries?limit=20")["data"] as? [Any] ?? []
                return campaign["launching"] as? Bool == true && written.count == 20
            })
            server.crash()
            try server.restart()
            #expect(try Support.eventually(timeout: 30) {
                try Support.get(server, "/v1/campaigns/\(id)")["launching"] as? Bool == false
            })
            let campaign = try Support.get(server, "/v1/campaigns/\(id)")
            let expected = Set(ids.indices.filter { $0 % 3 != 0 }.map { ids[$0] })
            let written = try Support.deliveries(server, campaign: id).compactMap { $0["contactId"] as? String }
            #expect(campaign["status"] as? String == "running" && campaign["recipientCount"] as? Int == expected.count)
            #expect(written.count == expected.count && Set(written) == expected)
        }
    }
}

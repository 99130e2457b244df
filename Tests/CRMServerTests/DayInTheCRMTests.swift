import CRMTestSupport
import Foundation
import Testing

/// The README's walk-through (`scripts/day-in-the-crm`) runs against a fresh server: contacts, a
/// purchase, a routed and solved ticket with a rating, a campaign through the outbox, a won deal,
/// the dashboard and a timeline — so the README stays true.
@Suite struct DayInTheCRMTests {
    @Test func theReadmeWalkThroughRunsAgainstAFreshServer() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/day-in-the-crm").path
            let run = try ChildProcess.run("/bin/bash", [script, "http://127.0.0.1:\(server.port)", TestServer.adminKey])
            #expect(run.status == 0, "\(run.output)")
            #expect(run.output.contains("ticket #1001 assigned to ag_"), "\(run.output)")
            #expect(run.output.contains("conversion rate 1.0"), "\(run.output)")
            #expect(run.output.contains("\"conversionsLast30Days\": 1"), "\(run.output)")
            #expect(run.output.contains("campaign_event campaign_event ticket_comment ticket interaction"), "\(run.output)")
        }
    }
}

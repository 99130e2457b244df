import CRMTestSupport
import Foundation
import Testing

/// Helpers the ticket suites share: JSON, and creating contacts, agents and tickets over the API.
enum TicketsTesting {
    static func json(_ response: RawResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    static func list(_ response: RawResponse) -> [[String: Any]] {
        json(response)["data"] as? [[String: Any]] ?? []
    }

    static func contact(_ server: TestServer, email: String = "c\(UUID().uuidString.prefix(8))@example.com") throws -> String {
        let created = try server.request("POST", "/v1/contacts", body: #"{"email":"\#(email)"}"#)
        #expect(created.status == 201)
        return json(created)["id"] as? String ?? ""
    }

    /// Creates a ticket; `extra` is more members (`"priority":"high"`).
    @discardableResult
    static func ticket(_ server: TestServer, contact: String, subject: String = "Printer jam", extra: String = "") throws -> [String: Any] {
        let members = [#""contactId":"\#(contact)""#, #""subject":"\#(subject)""#, extra].filter { !$0.isEmpty }.joined(separator: ",")
        let created = try server.request("POST", "/v1/tickets", body: "{\(members)}")
        #expect(created.status == 201, "\(created.text)")
        return json(created)
    }

    static func agent(_ server: TestServer, name: String, skills: [String] = [], active: Bool = true) throws -> String {
        let skillList = skills.map { "\"\($0)\"" }.joined(separator: ",")
        let created = try server.request("POST", "/v1/agents",
                                         body: #"{"name":"\#(name)","email":"\#(name.lowercased())@support.example","skills":[\#(skillList)],"active":\#(active)}"#)
        #expect(created.status == 201, "\(created.text)")
        return json(created)["id"] as? String ?? ""
    }

    static func patch(_ server: TestServer, _ id: String, _ body: String) throws -> RawResponse {
        try server.request("PATCH", "/v1/tickets/\(id)", headers: ["Content-Type": "application/merge-patch+json"], body: body)
    }

    static func get(_ server: TestServer, _ id: String) throws -> [String: Any] {
        json(try server.request("GET", "/v1/tickets/\(id)"))
    }

    static func comment(_ server: TestServer, _ ticket: String, _ body: String) throws -> RawResponse {
        try server.request("POST", "/v1/tickets/\(ticket)/comments", body: body)
    }

    /// An RFC 3339 timestamp with milliseconds as a `Date` (the epoch when it is not one).
    static func date(_ value: Any?) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: value as? String ?? "") ?? Date(timeIntervalSince1970: 0)
    }

    /// Polls `check` every 100 ms until it holds or `seconds` pass; answers whether it held.
    static func eventually(within seconds: Double, _ check: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if try check() { return true }
            usleep(100_000)
        } while Date() < deadline
        return try check()
    }
}

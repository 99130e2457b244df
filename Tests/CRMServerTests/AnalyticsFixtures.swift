import CRMTestSupport
import Foundation
import Testing

/// Builds small, hand-made data sets over HTTP for the analytics tests: contacts and purchases at
/// chosen times (days before a fixed `asOf`).
struct AnalyticsFixtures {
    let server: TestServer
    /// 2026-06-01T00:00:00Z
    static let asOf = "2026-06-01T00:00:00.000Z"
    static let asOfMillis: Int64 = 1_780_272_000_000

    static func json(_ response: RawResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    static func time(daysBeforeAsOf days: Double) -> String {
        let date = Date(timeIntervalSince1970: Double(asOfMillis) / 1000 - days * 86_400)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    func contact(_ name: String, stage: String = "customer") throws -> String {
        let created = try server.request("POST", "/v1/contacts", body: #"{"email":"\#(name)@example.com","firstName":"\#(name)","lifecycleStage":"\#(stage)"}"#)
        #expect(created.status == 201, "\(String(decoding: created.body, as: UTF8.self))")
        return Self.json(created)["id"] as! String
    }

    func purchase(_ contact: String, daysBeforeAsOf days: Double, amount: Int, currency: String = "EUR", products: [String] = []) throws {
        try purchase(contact, at: Self.time(daysBeforeAsOf: days), amount: amount, currency: currency, products: products)
    }

    func purchase(_ contact: String, at time: String, amount: Int, currency: String = "EUR", products: [String] = []) throws {
        let items = products.map { #"{"sku":"\#($0)","quantity":1,"unitPrice":1}"# }.joined(separator: ",")
        let body = #"{"type":"purchase","amount":\#(amount),"currency":"\#(currency)","occurredAt":"\#(time)","items":[\#(items)]}"#
        let recorded = try server.request("POST", "/v1/contacts/\(contact)/interactions", body: body)
        #expect(recorded.status == 201, "\(String(decoding: recorded.body, as: UTF8.self))")
    }

    func get(_ path: String) throws -> [String: Any] {
        let response = try server.request("GET", path)
        #expect(response.status == 200, "\(path): \(String(decoding: response.body, as: UTF8.self))")
        return Self.json(response)
    }
}

import CRMTestSupport
import Foundation
import Testing

/// `filter=` on the contact list: a segment filter over stored fields, custom fields and derived
/// purchase facts, and 422 naming the bad part.
@Suite struct ContactSegmentFilterTests {
    static func json(_ response: RawResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    static func emails(_ server: TestServer, filter: String, extra: String = "") throws -> [String] {
        let encoded = filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let response = try server.request("GET", "/v1/contacts?filter=\(encoded)\(extra)")
        #expect(response.status == 200, "\(String(decoding: response.body, as: UTF8.self))")
        return (json(response)["data"] as? [[String: Any]] ?? []).compactMap { $0["email"] as? String }
    }

    @Test func filtersOnFieldsCustomFieldsAndPurchases() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let people = [
                #"{"email":"a@x.io","lifecycleStage":"customer","tags":["vip"],"customFields":{"seats":12},"address":{"city":"Berlin"}}"#,
                #"{"email":"b@x.io","lifecycleStage":"customer","tags":["trial"],"customFields":{"seats":3}}"#,
                #"{"email":"c@x.io","lifecycleStage":"lead","tags":["vip","trial"]}"#,
            ]
            var ids: [String] = []
            for body in people { ids.append(Self.json(try server.request("POST", "/v1/contacts", body: body))["id"] as! String) }
            for _ in 0..<3 {
                #expect(try server.request("POST", "/v1/contacts/\(ids[0])/interactions",
                                           body: #"{"type":"purchase","amount":2500,"currency":"EUR"}"#).status == 201)
            }

            #expect(try Self.emails(server, filter: #"{"all":[{"field":"lifecycleStage","op":"eq","value":"customer"}]}"#) == ["a@x.io", "b@x.io"])
            #expect(try Self.emails(server, filter: #"{"any":[{"field":"tags","op":"contains","value":"trial"},{"field":"address.city","op":"eq","value":"Berlin"}]}"#)
                    == ["a@x.io", "b@x.io", "c@x.io"])
            #expect(try Self.emails(server, filter: #"{"all":[{"field":"customFields.seats","op":"gte","value":10}]}"#) == ["a@x.io"])
            #expect(try Self.emails(server, filter: #"{"all":[{"field":"purchaseCount","op":"gte","value":3},{"field":"totalSpent","op":"eq","value":7500}]}"#) == ["a@x.io"])
            #expect(try Self.emails(server, filter: #"{"all":[{"field":"lastPurchaseAt","op":"after","value":"-1d"}]}"#) == ["a@x.io"])
            #expect(try Self.emails(server, filter: #"{"all":[{"field":"lastPurchaseAt","op":"exists","value":false}]}"#, extra: "&tag=vip") == ["c@x.io"])
            #expect(try Self.emails(server, filter: #"{"all":[{"field":"leadScore","op":"gt","value":0}]}"#, extra: "&sort=-leadScore").first == "a@x.io")

            let bad = #"{"all":[{"field":"lifecycleStage","op":"gt","value":"lead"}]}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let refused = try server.request("GET", "/v1/contacts?filter=\(bad)")
            #expect(refused.status == 422)
            #expect(refused.header("Content-Type") == "application/problem+json")
            let errors = Self.json(refused)["errors"] as? [[String: Any]] ?? []
            #expect(errors.first?["field"] as? String == "filter.all[0].op")
            #expect(try server.request("GET", "/v1/contacts?filter=%7Bnot%20json").status == 422)
        }
    }
}

import CRMTestSupport
import Foundation
import Testing

/// Duplicates, merge and the timeline over real sockets.
@Suite struct ContactDataQualityTests {
    static func json(_ response: RawResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    static func create(_ server: TestServer, _ body: String) throws -> String {
        let response = try server.request("POST", "/v1/contacts", body: body)
        #expect(response.status == 201, "\(response.text)")
        return json(response)["id"] as? String ?? ""
    }

    @Test func findsDuplicatesAndMergesThemWithTheirInteractions() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let anna = try Self.create(server, #"{"email":"anna.lee@gmail.com","firstName":"Anna","tags":["vip"]}"#)
            let annaAgain = try Self.create(server, #"{"email":"annalee+news@gmail.com","phone":"+4930123456","tags":["newsletter"],"title":"CFO"}"#)
            let bo = try Self.create(server, #"{"email":"bo@example.com","phone":"+14155550100"}"#)
            let boToo = try Self.create(server, #"{"email":"bo.b@example.com","phone":"+1 415 555 0100"}"#)
            let cy = try Self.create(server, #"{"email":"cy@example.com","firstName":"Cy","lastName":"Ng","company":"Acme"}"#)
            let cyToo = try Self.create(server, #"{"email":"cy.ng@example.com","firstName":"cy","lastName":"NG","company":"ACME"}"#)
            _ = try Self.create(server, #"{"email":"solo@example.com"}"#)

            let listed = try server.request("GET", "/v1/contacts/duplicates")
            #expect(listed.status == 200)
            let pairs = (Self.json(listed)["data"] as? [[String: Any]] ?? []).map {
                Set([$0["contactId"] as! String, $0["duplicateId"] as! String]) as Set<String>
            }
            #expect(Set(pairs) == [[anna, annaAgain], [bo, boToo], [cy, cyToo]])
            let reasons = (Self.json(listed)["data"] as? [[String: Any]] ?? []).compactMap { $0["reasons"] as? [String] }
            #expect(Set(reasons.flatMap { $0 }) == ["email", "phone", "name_and_company"])
            let firstPage = Self.json(try server.request("GET", "/v1/contacts/duplicates?limit=2"))
            let cursor = try #require(firstPage["nextCursor"] as? String)
            #expect((Self.json(try server.request("GET", "/v1/contacts/duplicates?cursor=\(cursor)"))["data"] as? [Any])?.count == 1)

            for index in 0..<2 {
                #expect(try server.request("POST", "/v1/contacts/\(annaAgain)/interactions",
                                           body: #"{"type":"purchase","amount":\#(1000 + index),"currency":"EUR"}"#).status == 201)
            }
            #expect(try server.request("POST", "/v1/contacts/\(anna)/merge", body: #"{"duplicateId":"\#(anna)"}"#).status == 422)
            #expect(try server.request("POST", "/v1/contacts/\(anna)/merge", body: #"{}"#).status == 422)
            #expect(try server.request("POST", "/v1/contacts/\(anna)/merge", body: #"{"duplicateId":"ct_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X"}"#).status == 404)
            #expect(try server.request("POST", "/v1/contacts/\(anna)/merge", headers: ["If-Match": "\"9\""], body: #"{"duplicateId":"\#(annaAgain)"}"#).status == 412)

            let merged = try server.request("POST", "/v1/contacts/\(anna)/merge", body: #"{"duplicateId":"\#(annaAgain)"}"#)
            #expect(merged.status == 200, "\(merged.text)")
            let contact = Self.json(merged)
            #expect(contact["email"] as? String == "anna.lee@gmail.com")
            #expect(contact["phone"] as? String == "+4930123456")
            #expect(contact["title"] as? String == "CFO")
            #expect(contact["tags"] as? [String] == ["vip", "newsletter"])
            #expect(contact["version"] as? Int == 2)
            #expect((contact["purchases"] as? [String: Any])?["purchaseCount"] as? Int == 2)
            #expect(try server.request("GET", "/v1/contacts/\(annaAgain)").status == 404)

            let timeline = Self.json(try server.request("GET", "/v1/contacts/\(anna)/timeline"))
            let items = timeline["data"] as? [[String: Any]] ?? []
            #expect(items.map { $0["kind"] as? String } == ["interaction", "interaction"])
            #expect(items.compactMap { ($0["interaction"] as? [String: Any])?["amount"] as? Int } == [1001, 1000])
            #expect(try server.request("GET", "/v1/contacts/\(annaAgain)/timeline").status == 404)

            try server.restart()
            let reloaded = Self.json(try server.request("GET", "/v1/contacts/\(anna)"))
            #expect((reloaded["purchases"] as? [String: Any])?["purchaseCount"] as? Int == 2)
            #expect((Self.json(try server.request("GET", "/v1/contacts/\(anna)/interactions"))["data"] as? [Any])?.count == 2)
            #expect((Self.json(try server.request("GET", "/v1/contacts/duplicates"))["data"] as? [Any])?.count == 2)
        }
    }
}

import CRMTestSupport
import Foundation
import Testing

/// The contacts endpoints over real sockets against a `crm serve` process on a temp directory.
@Suite struct ContactsAPITests {
    static func json(_ response: RawResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    @Test func createsReadsPatchesAndDeletes() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let created = try server.request("POST", "/v1/contacts", body: #"{"email":"Anna@Example.com","firstName":"Anna","lastName":"Lee","phone":"+49 30 123456","tags":["vip"]}"#)
            #expect(created.status == 201)
            let contact = Self.json(created)
            let id = contact["id"] as! String
            #expect(id.hasPrefix("ct_"))
            #expect(created.header("Location") == "/v1/contacts/\(id)")
            #expect(created.header("ETag") == "\"1\"")
            #expect(contact["phone"] as? String == "+4930123456")
            #expect(contact["lifecycleStage"] as? String == "lead")

            let fetched = try server.request("GET", "/v1/contacts/\(id)")
            #expect(fetched.status == 200)
            #expect(try server.request("GET", "/v1/contacts/\(id)", headers: ["If-None-Match": "\"1\""]).status == 304)

            let stale = try server.request("PATCH", "/v1/contacts/\(id)", headers: ["If-Match": "\"7\""], body: #"{"title":"CEO"}"#)
            #expect(stale.status == 412)
            let patched = try server.request("PATCH", "/v1/contacts/\(id)", headers: ["If-Match": "\"1\"", "Content-Type": "application/merge-patch+json"],
                                             body: #"{"title":"CEO","tags":null,"address":{"city":"Berlin"}}"#)
            #expect(patched.status == 200)
            let after = Self.json(patched)
            #expect(after["version"] as? Int == 2)
            #expect(after["title"] as? String == "CEO")
            #expect((after["tags"] as? [String]) == [])
            #expect((after["address"] as? [String: Any])?["city"] as? String == "Berlin")
            let unchanged = try server.request("PATCH", "/v1/contacts/\(id)", body: #"{"title":"CEO"}"#)
            #expect(Self.json(unchanged)["version"] as? Int == 2)

            #expect(try server.request("DELETE", "/v1/contacts/\(id)", headers: ["If-Match": "\"1\""]).status == 412)
            #expect(try server.request("DELETE", "/v1/contacts/\(id)").status == 204)
            #expect(try server.request("GET", "/v1/contacts/\(id)").status == 404)
            #expect(try server.request("DELETE", "/v1/contacts/\(id)").status == 404)
        }
    }

    @Test func refusesBadInputAndChangesNothing() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let unknown = try server.request("POST", "/v1/contacts", body: #"{"email":"a@b.co","nickname":"x","id":"ct_1","version":3}"#)
            #expect(unknown.status == 422)
            let errors = (Self.json(unknown)["errors"] as? [[String: Any]] ?? []).map { "\($0["field"]!):\($0["code"]!)" }
            #expect(Set(errors) == ["nickname:unknown_field", "id:read_only", "version:read_only"])
            #expect(try server.request("POST", "/v1/contacts", body: #"{"email":"#).status == 400)
            #expect(try server.request("POST", "/v1/contacts", headers: ["Content-Type": "text/csv"], body: "a,b").status == 415)
            #expect(try server.request("POST", "/v1/contacts", body: #"{"firstName":"Nobody"}"#).status == 422)
            #expect(try server.request("PATCH", "/v1/contacts/ct_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X", body: "{}").status == 404)
            #expect(try server.request("GET", "/v1/contacts?limit=0").status == 400)
            #expect(try server.request("GET", "/v1/contacts?sort=name").status == 400)
            #expect(try server.request("GET", "/v1/contacts?colour=red").status == 400)
            #expect(try server.request("GET", "/v1/contacts?cursor=forged").status == 400)
            let list = Self.json(try server.request("GET", "/v1/contacts"))
            #expect((list["data"] as? [Any])?.isEmpty == true)
            let created = try server.request("POST", "/v1/contacts", body: #"{"email":"b@c.co"}"#)
            let id = Self.json(created)["id"] as! String
            #expect(try server.request("PATCH", "/v1/contacts/\(id)", body: #"{"createdAt":"2020-01-01T00:00:00Z"}"#).status == 422)
            #expect(try server.request("PATCH", "/v1/contacts/\(id)", body: #"{"email":null}"#).status == 422)
            #expect(Self.json(try server.request("GET", "/v1/contacts/\(id)"))["version"] as? Int == 1)
        }
    }

    @Test func exactlyOneOfFiftyConcurrentCreatesWins() async throws {
        let server = try await offPool { try TestServer() }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for attempt in 0..<50 {
                group.addTask {
                    try await offPool {
                        try server.request("POST", "/v1/contacts", body: #"{"email":"SAME\#(attempt % 2 == 0 ? "" : "")@example.com","firstName":"n\#(attempt)"}"#).status
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 201 }.count == 1)
        #expect(statuses.filter { $0 == 409 }.count == 49)
    }

    @Test func searchesFiltersAndSorts() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            for body in [#"{"email":"anna.lee@x.io","firstName":"Anna","lastName":"Lee","company":"Acme","tags":["vip"]}"#,
                         #"{"email":"anne@y.io","firstName":"Anne","lastName":"Berg","lifecycleStage":"customer"}"#,
                         #"{"email":"bob@z.io","firstName":"Bob","lastName":"Annan","company":"Acme","phone":"+14155550123"}"#] {
                #expect(try server.request("POST", "/v1/contacts", body: body).status == 201)
            }
            func emails(_ query: String) throws -> [String] {
                let list = Self.json(try server.request("GET", "/v1/contacts?\(query)"))
                return (list["data"] as? [[String: Any]] ?? []).compactMap { $0["email"] as? String }
            }
            #expect(try emails("q=ann") == ["anna.lee@x.io", "anne@y.io", "bob@z.io"])
            #expect(try emails("q=anna%20lee") == ["anna.lee@x.io"])
            #expect(try emails("q=4155") == ["bob@z.io"])
            #expect(try emails("tag=vip") == ["anna.lee@x.io"])
            #expect(try emails("company=acme") == ["anna.lee@x.io", "bob@z.io"])
            #expect(try emails("lifecycleStage=customer") == ["anne@y.io"])
            #expect(try emails("email=ANNE@Y.IO") == ["anne@y.io"])
            #expect(try emails("sort=lastName") == ["bob@z.io", "anne@y.io", "anna.lee@x.io"])
            #expect(try emails("sort=-createdAt") == ["bob@z.io", "anne@y.io", "anna.lee@x.io"])
        }
    }

    @Test func pagingSurvivesConcurrentInsertsAndDeletesAndRestart() async throws {
        let server = try await offPool { try TestServer() }
        // 10,000 contacts through the batch API; every third is deleted and 100 are added while another
        // client walks the list.
        try await offPool { () throws -> Void in
            for batch in 0..<10 {
                let items = (0..<1_000).map { #"{"email":"c\#(batch * 1_000 + $0)@example.com"}"# }.joined(separator: ",")
                let response = try server.request("POST", "/v1/contacts/batch", body: #"{"matchOn":"email","items":[\#(items)]}"#)
                #expect(response.status == 200)
            }
        }
        let initial = try await offPool { () throws -> [String] in
            var ids: [String] = []
            var cursor: String?
            repeat {
                let page = Self.json(try server.request("GET", "/v1/contacts?limit=500" + (cursor.map { "&cursor=\($0)" } ?? "")))
                ids += (page["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                cursor = page["nextCursor"] as? String
            } while cursor != nil
            return ids
        }
        #expect(initial.count == 10_000)
        let doomed = Set(initial.enumerated().filter { $0.offset % 3 == 0 }.map(\.element))
        async let churn: Void = offPool {
            try server.onOneConnection { request in
                for id in doomed { _ = try request("DELETE", "/v1/contacts/\(id)", nil) }
                for index in 0..<100 { _ = try request("POST", "/v1/contacts", #"{"email":"late\#(index)@example.com"}"#) }
            }
        }
        let walked = try await offPool { () throws -> [String] in
            var ids: [String] = []
            var cursor: String?
            repeat {
                let page = Self.json(try server.request("GET", "/v1/contacts?limit=97" + (cursor.map { "&cursor=\($0)" } ?? "")))
                ids += (page["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                cursor = page["nextCursor"] as? String
            } while cursor != nil && ids.count < 20_000
            return ids
        }
        try await churn
        #expect(Set(walked).count == walked.count, "an item came twice")
        let unchanged = Set(initial).subtracting(doomed)
        #expect(unchanged.isSubset(of: Set(walked)), "an unchanged item was skipped")
        // Restart: everything acknowledged is still there.
        try await offPool { () throws -> Void in
            try server.restart()
            var count = 0
            var cursor: String?
            repeat {
                let page = Self.json(try server.request("GET", "/v1/contacts?limit=500" + (cursor.map { "&cursor=\($0)" } ?? "")))
                count += (page["data"] as? [Any])?.count ?? 0
                cursor = page["nextCursor"] as? String
            } while cursor != nil
            #expect(count == 10_000 - doomed.count + 100)
        }
    }

    @Test func survivesKill9() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            var ids: [String] = []
            for index in 0..<20 {
                let created = try server.request("POST", "/v1/contacts", body: #"{"email":"k\#(index)@example.com"}"#)
                ids.append(Self.json(created)["id"] as! String)
            }
            server.crash()
            try server.restart()
            for id in ids { #expect(try server.request("GET", "/v1/contacts/\(id)").status == 200) }
        }
    }
}

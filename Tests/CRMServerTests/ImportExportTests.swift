import CRMTestSupport
import Foundation
import Testing

/// `POST /v1/contacts/import` and `GET /v1/contacts/export` over real sockets against `crm serve`.
@Suite struct ImportExportTests {
    static func json(_ response: RawResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    static func errors(_ response: RawResponse) -> [[String: Any]] {
        json(response)["errors"] as? [[String: Any]] ?? []
    }

    static func importBody(_ server: TestServer, _ body: [UInt8], contentType: String = "text/csv", query: String = "") throws -> RawResponse {
        try server.sendChunked("POST", "/v1/contacts/import\(query)", contentType: contentType, pieces: [body])
    }

    static func contact(_ server: TestServer, email: String) throws -> [String: Any]? {
        let response = try server.request("GET", "/v1/contacts?email=\(email.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? email)")
        return (json(response)["data"] as? [[String: Any]])?.first
    }

    /// Lines of an NDJSON export as objects.
    static func exportedObjects(_ server: TestServer, query: String = "") throws -> [[String: Any]] {
        let response = try server.request("GET", "/v1/contacts/export?format=ndjson\(query)")
        #expect(response.status == 200)
        return response.text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    @Test func importsCSVWithBOMQuotesEmbeddedCommasNewlinesAndCRLF() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let csv = "email,firstName,lastName,company,tags,address.city,consent.email,customFields.plan,customFields.seats\r\n"
                + "ann@example.com,Ann,\"Lee, Jr.\",\"Acme \"\"Rockets\"\"\",vip;b2b,\"New\r\nYork\",true,gold,12\r\n"
                + "bob@example.com,Bob,,,,,false,,\r\n"
            let response = try Self.importBody(server, [0xEF, 0xBB, 0xBF] + Array(csv.utf8))
            #expect(response.status == 200, "\(response.text)")
            let answer = Self.json(response)
            #expect(answer["created"] as? Int == 2)
            #expect(answer["failed"] as? Int == 0)
            let ann = try #require(try Self.contact(server, email: "ann@example.com"))
            #expect(ann["lastName"] as? String == "Lee, Jr.")
            #expect(ann["company"] as? String == "Acme \"Rockets\"")
            #expect(ann["tags"] as? [String] == ["vip", "b2b"])
            #expect((ann["address"] as? [String: Any])?["city"] as? String == "New\r\nYork")
            #expect((ann["consent"] as? [String: Any])?["email"] as? Bool == true)
            #expect((ann["customFields"] as? [String: Any])?["plan"] as? String == "gold")
            #expect((ann["customFields"] as? [String: Any])?["seats"] as? Int == 12)
            let bob = try #require(try Self.contact(server, email: "bob@example.com"))
            #expect(bob["lastName"] is NSNull)
        }
    }

    @Test func importsNDJSONAndUpsertsByEmail() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let existing = Self.json(try server.request("POST", "/v1/contacts", body: #"{"email":"old@example.com","firstName":"Old","tags":["a"]}"#))
            let ndjson = """
            {"email":"OLD@example.com","lastName":"Timer"}
            {"email":"new@example.com","firstName":"New","id":"ct_ignored","version":9,"leadScore":3}

            {"email":"broken@example.com",
            ["not an object"]
            {"email":"new@example.com","firstName":"New"}
            {"phone":"+14155550123","externalId":"EXT-1"}
            """
            let response = try Self.importBody(server, Array(ndjson.utf8), contentType: "application/x-ndjson")
            #expect(response.status == 200, "\(response.text)")
            let answer = Self.json(response)
            #expect(answer["created"] as? Int == 2)
            #expect(answer["updated"] as? Int == 1)
            #expect(answer["unchanged"] as? Int == 1)
            #expect(answer["failed"] as? Int == 2)
            #expect(Self.errors(response).map { $0["line"] as? Int } == [4, 5])
            let old = try #require(try Self.contact(server, email: "old@example.com"))
            #expect(old["id"] as? String == existing["id"] as? String)
            #expect(old["firstName"] as? String == "Old", "absent fields stay")
            #expect(old["lastName"] as? String == "Timer")
            #expect(old["version"] as? Int == 2)
            // A row without an email matches on externalId: importing it again changes nothing.
            let again = try Self.importBody(server, Array(#"{"externalId":"EXT-1","title":"CTO"}"#.utf8), contentType: "application/x-ndjson")
            #expect(Self.json(again)["updated"] as? Int == 1)
        }
    }

    @Test func dryRunValidatesAndCountsButWritesNothing() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            _ = try server.request("POST", "/v1/contacts", body: #"{"email":"old@example.com"}"#)
            let csv = "email,firstName\nold@example.com,Changed\nnew@example.com,New\nnew@example.com,Newer\nbad-email,X\n"
            let response = try Self.importBody(server, Array(csv.utf8), query: "?dryRun=true")
            #expect(response.status == 200, "\(response.text)")
            let answer = Self.json(response)
            #expect(answer["dryRun"] as? Bool == true)
            #expect(answer["created"] as? Int == 1)
            #expect(answer["updated"] as? Int == 2, "the second new@ row updates the first, as it would for real")
            #expect(answer["failed"] as? Int == 1)
            #expect(Self.errors(response).first?["line"] as? Int == 5)
            #expect(try Self.contact(server, email: "new@example.com") == nil)
            #expect(try Self.contact(server, email: "old@example.com")?["firstName"] is NSNull)
            #expect(try server.request("POST", "/v1/contacts/import?dryRun=maybe", headers: ["Content-Type": "text/csv"], body: csv).status == 400)
        }
    }

    @Test func badRowsAreReportedWithTheirLinesWhileGoodRowsLand() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let csv = "email,firstName,lifecycleStage,consent.sms\n"      // 1
                + "good1@example.com,A,lead,\n"                            // 2
                + "not-an-email,B,,\n"                                     // 3
                + "good2@example.com,\"two\nline name\",customer,true\n"   // 4-5
                + "good3@example.com,C,royalty,\n"                         // 6
                + "good4@example.com,D,,perhaps\n"                         // 7
                + "good5@example.com,E\n"                                  // 8
                + "good6@exa\"mple.com,F,,\n"                              // 9
                + ",G,,\n"                                                 // 10
                + "good7@example.com,\"never closed,,\n"                   // 11
            let response = try Self.importBody(server, Array(csv.utf8))
            #expect(response.status == 200, "\(response.text)")
            let answer = Self.json(response)
            #expect(answer["created"] as? Int == 2)
            #expect(answer["failed"] as? Int == 7)
            #expect(answer["truncated"] as? Bool == false)
            let errors = Self.errors(response)
            #expect(errors.map { $0["line"] as? Int } == [3, 6, 7, 8, 9, 10, 11])
            #expect((errors[0]["message"] as? String)?.hasPrefix("email:") == true)
            #expect((errors[1]["message"] as? String)?.hasPrefix("lifecycleStage:") == true)
            #expect((errors[3]["message"] as? String)?.contains("2 fields; the header has 4") == true)
            #expect((errors[6]["message"] as? String)?.contains("line 11 is never closed") == true)
            #expect(try Self.contact(server, email: "good2@example.com")?["firstName"] as? String == "two\nline name")
        }
    }

    @Test func rejectsUnknownColumnsEmptyBodiesAndOtherMediaTypesBeforeWriting() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let unknown = try Self.importBody(server, Array("email,colour\na@example.com,red\n".utf8))
            #expect(unknown.status == 422)
            #expect(Self.errors(unknown).first?["field"] as? String == "columns[2]")
            #expect(try Self.contact(server, email: "a@example.com") == nil)
            #expect(try Self.importBody(server, []).status == 422)
            #expect(try Self.importBody(server, Array("\n\n".utf8), contentType: "application/x-ndjson").status == 422)
            #expect(try server.request("POST", "/v1/contacts/import", headers: ["Content-Type": "application/json"], body: "{}").status == 415)
            #expect(try server.request("POST", "/v1/contacts/import", key: nil, headers: ["Content-Type": "text/csv"], body: "email\n").status == 401)
            #expect(try server.request("GET", "/v1/contacts/export?format=xml").status == 400)
            #expect(try server.request("GET", "/v1/contacts/export?limit=5").status == 400)
        }
    }

    @Test func importsOneHundredThousandCSVRowsSentInChunks() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer(arguments: ["--fsync", "none"])
            var body = Array("email,firstName,lastName,company,tags,customFields.n\r\n".utf8)
            var badLines: [Int] = []
            for row in 0..<100_000 {
                let email = row % 1000 == 999 ? "bad-\(row)" : "user\(row)@example.com"
                if row % 1000 == 999 { badLines.append(row + 2) }
                body.append(contentsOf: "\(email),First\(row),\"Last, \(row)\",Company \(row % 97),t\(row % 5);all,\(row)\r\n".utf8)
            }
            let pieces = stride(from: 0, to: body.count, by: 64 * 1024).map { Array(body[$0..<min(body.count, $0 + 64 * 1024)]) }
            let started = Date()
            let response = try server.sendChunked("POST", "/v1/contacts/import", contentType: "text/csv", pieces: pieces, timeout: 300)
            let seconds = Date().timeIntervalSince(started)
            print("imported 100,000 CSV rows (\(body.count) bytes) in \(String(format: "%.1f", seconds)) s (debug build)")
            #expect(response.status == 200, "\(response.text)")
            let answer = Self.json(response)
            #expect(answer["created"] as? Int == 99_900)
            #expect(answer["failed"] as? Int == 100)
            #expect(Self.errors(response).map { $0["line"] as? Int } == badLines)
            let last = try #require(try Self.contact(server, email: "user99998@example.com"))
            #expect(last["lastName"] as? String == "Last, 99998")
            #expect((last["customFields"] as? [String: Any])?["n"] as? Int == 99998)
            #expect(try Self.contact(server, email: "user0@example.com")?["tags"] as? [String] == ["t0", "all"])
        }
    }

    /// Every chunk is durable: after a restart (replay) the imported contacts are all there. (Kept
    /// at 5,000 rows: replaying 100,000 contacts in a debug build takes longer than TestServer waits.)
    @Test func restartKeepsImportedContacts() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            var csv = "email,firstName,externalId\n"
            for row in 0..<5_000 { csv += "p\(row)@example.com,P\(row),X-\(row)\n" }
            let response = try server.sendChunked("POST", "/v1/contacts/import", contentType: "text/csv",
                                                  pieces: [Array(csv.utf8.prefix(30_000)), Array(csv.utf8.dropFirst(30_000))], timeout: 120)
            #expect(Self.json(response)["created"] as? Int == 5_000, "\(response.text)")
            try server.restart()
            let objects = try Self.exportedObjects(server)
            #expect(objects.count == 5_000)
            #expect(objects.last?["externalId"] as? String == "X-4999")
            #expect(try Self.contact(server, email: "p2500@example.com")?["firstName"] as? String == "P2500")
        }
    }

    @Test func exportsCSVAndNDJSONWithAFilter() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer(arguments: ["--fsync", "none"])
            try server.onOneConnection { request in
                for index in 0..<1_200 {
                    let tags = index % 3 == 0 ? #"["vip"]"# : #"["std"]"#
                    _ = try request("POST", "/v1/contacts", #"{"email":"c\#(index)@example.com","lastName":"L, \#(index)","tags":\#(tags),"customFields":{"k\#(index % 2)":\#(index)}}"#)
                }
            }
            let csv = try server.request("GET", "/v1/contacts/export?format=csv&tag=vip")
            #expect(csv.status == 200)
            #expect(csv.header("Transfer-Encoding") == "chunked")
            #expect(csv.header("Content-Type") == "text/csv; charset=utf-8")
            let lines = csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first?.hasPrefix("email,firstName,lastName,phone,company,title,externalId,lifecycleStage,") == true)
            #expect(lines.first?.hasSuffix(",consent.email,consent.sms,customFields.k0,customFields.k1") == true)
            #expect(lines.count == 401)
            #expect(lines[1].hasPrefix("c0@example.com,,\"L, 0\","))
            #expect(lines.last?.hasPrefix("c1197@example.com,") == true, "creation order")
            let objects = try Self.exportedObjects(server, query: "&tag=std&filter=" + #"{"all":[{"field":"customFields.k1","op":"exists","value":true}]}"#
                .addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(objects.count == 400)
            #expect(objects.allSatisfy { ($0["id"] as? String)?.hasPrefix("ct_") == true && ($0["tags"] as? [String]) == ["std"] })
            #expect(try Self.exportedObjects(server, query: "&email=C5@example.com").map { $0["email"] as? String } == ["c5@example.com"])
        }
    }

    @Test func exportThenImportIntoAFreshServerGivesTheSameContacts() async throws {
        try await offPool { () throws -> Void in
            let source = try TestServer()
            let bodies = [
                #"{"email":"ann@example.com","firstName":"Ann","lastName":"Lee, \"Jr.\"","phone":"+44 20 7946 0958","company":"Acme","title":"CEO","externalId":"A-1","lifecycleStage":"customer","ownerId":"u1","preferredChannel":"sms","tags":["vip","semi;colon","back\\slash"],"address":{"street":"1 Main St\nFloor 2","city":"London","region":"LDN","postalCode":"E1","country":"GB"},"consent":{"email":true,"sms":true},"customFields":{"n":42,"f":1.5,"b":false,"z":null,"s":"42","e":"","t":"text, with comma"},"socialHandles":{"x":"@ann","linkedin":"ann-lee"}}"#,
                #"{"phone":"+14155550123","firstName":" padded "}"#,
                #"{"externalId":"ONLY-EXT","lifecycleStage":"churned"}"#,
                #"{"email":"plain@example.com"}"#,
            ]
            for body in bodies { #expect(try source.request("POST", "/v1/contacts", body: body).status == 201) }
            let expected = try Self.exportedObjects(source).map(Self.writable)
            for format in ["csv", "ndjson"] {
                let exported = try source.request("GET", "/v1/contacts/export?format=\(format)")
                let target = try TestServer()
                let imported = try Self.importBody(target, exported.body, contentType: format == "csv" ? "text/csv" : "application/x-ndjson")
                #expect(Self.json(imported)["created"] as? Int == bodies.count, "\(format): \(imported.text)")
                let copies = try Self.exportedObjects(target).map(Self.writable)
                #expect(copies == expected, "\(format) round trip")
            }
        }
    }

    /// The writable fields of an exported contact, as comparable JSON text.
    static func writable(_ contact: [String: Any]) -> String {
        var fields = contact
        for key in ["id", "createdAt", "updatedAt", "version", "leadScore", "lastInteractionAt", "interactionCount", "purchases", "rfm"] {
            fields[key] = nil
        }
        let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

extension TestServer {
    /// Sends a request whose body goes out with chunked transfer coding, one chunk per piece.
    func sendChunked(_ method: String, _ path: String, contentType: String, pieces: [[UInt8]], timeout: Double = 30) throws -> RawResponse {
        let client = try connect()
        client.send("\(method) \(path) HTTP/1.1\r\nHost: test\r\nConnection: close\r\nAuthorization: Bearer \(TestServer.adminKey)\r\n"
            + "Content-Type: \(contentType)\r\nTransfer-Encoding: chunked\r\n\r\n")
        for piece in pieces where !piece.isEmpty {
            client.send(Array(String(piece.count, radix: 16).utf8) + [13, 10] + piece + [13, 10])
        }
        client.send("0\r\n\r\n")
        return try client.readResponse(timeout: timeout)
    }
}

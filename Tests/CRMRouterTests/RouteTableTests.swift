import CRMHTTP
import CRMModel
import Logging
import Testing
@testable import CRMRouter

/// The router in process: matching, 404/405/OPTIONS/HEAD, parameters, queries, JSON bodies, auth.
@Suite struct RouteTableTests {
    struct Keys: Authenticator {
        func principal(forKey key: String) -> Principal? {
            Role(rawValue: key).map { Principal(keyId: "key_\(key)", role: $0) }
        }
    }

    func makeTable() -> RouteTable {
        var router = Router()
        router.add("GET", "/v1/contacts/{id}", area: .contacts) { _, context in
            .text("contact \(context.parameter("id")) by \(context.principal?.keyId ?? "-")")
        }
        router.add("DELETE", "/v1/contacts/{id}", area: .contacts) { _, _ in Response(status: .noContent) }
        router.add("GET", "/v1/contacts", area: .contacts) { _, context in
            .text("q=\(context.query["q"] ?? "nil")")
        }
        router.add("POST", "/v1/contacts", area: .contacts) { request, _ in
            let object = try await request.jsonObject()
            if object["id"] != nil { throw FieldErrors([FieldError(field: "id", code: "read_only", message: "id is set by the server")]) }
            return .text("keys \(object.keys.joined(separator: ","))", status: .created)
        }
        router.add("GET", "/health", area: nil) { _, _ in .text("ok") }
        router.add("GET", "/v1/admin/api-keys", area: .admin) { _, _ in .text("keys") }
        router.add("GET", "/boom", area: nil) { _, _ in throw CancellationError() }
        return router.freeze(middleware: [
            AccessLogMiddleware(logger: Logger(label: "test")),
            CORSMiddleware(origins: ["https://app.example"]),
            ProblemMiddleware(logger: Logger(label: "test")),
            AuthMiddleware(authenticator: Keys()),
        ], maxBodyBytes: 1024)
    }

    let client = ClientInfo(peer: "127.0.0.1:1", address: "127.0.0.1", isTLS: false)

    func send(_ method: String, _ target: String, key: String? = "admin", fields: HTTPFields = HTTPFields(),
              body: String = "") async -> (Int, String, Response) {
        var fields = fields
        if let key { fields.append("Authorization", "Bearer \(key)") }
        let request = Request(head: RequestHead(method: method, target: target, fields: fields), body: .bytes(Array(body.utf8)))
        let response = await makeTable().respond(to: request, from: client)
        guard case .bytes(let bytes) = response.body else { return (response.status.code, "", response) }
        return (response.status.code, String(decoding: bytes, as: UTF8.self), response)
    }

    @Test func matchesParametersPercentDecoded() async {
        let (status, text, response) = await send("GET", "/v1/contacts/ct%5F1")
        #expect(status == 200)
        #expect(text == "contact ct_1 by key_admin")
        #expect(response.headers["X-Request-Id"] != nil)
    }

    @Test func unknownPathIs404AndWrongMethod405() async {
        #expect(await send("GET", "/v1/nope").0 == 404)
        #expect(await send("GET", "/nope", key: nil).0 == 404)
        let (status, text, response) = await send("PUT", "/v1/contacts/1")
        #expect(status == 405)
        #expect(response.headers["Allow"] == "DELETE, GET, HEAD, OPTIONS")
        #expect(text.contains("\"type\":\"urn:crm:problem:method-not-allowed\""))
    }

    @Test func headRunsGetAndOptionsAnswersAllow() async {
        #expect(await send("HEAD", "/v1/contacts/1").0 == 200)
        let (status, _, response) = await send("OPTIONS", "/v1/contacts")
        #expect(status == 204)
        #expect(response.headers["Allow"] == "GET, HEAD, OPTIONS, POST")
    }

    @Test func decodesQueries() async {
        #expect(await send("GET", "/v1/contacts?q=Anna+Lee%21").1 == "q=Anna Lee!")
        #expect(await send("GET", "/v1/contacts?q=%ZZ").0 == 400)
        #expect(await send("GET", "/v1/contacts?q=%C3%28").0 == 400)
    }

    @Test func insistsOnJSONBodies() async {
        let json: HTTPFields = ["Content-Type": "application/json; charset=utf-8"]
        #expect(await send("POST", "/v1/contacts", fields: json, body: #"{"email":"a@b.c"}"#).1 == "keys email")
        #expect(await send("POST", "/v1/contacts", fields: ["Content-Type": "text/plain"], body: "{}").0 == 415)
        #expect(await send("POST", "/v1/contacts", body: "{}").0 == 415)
        #expect(await send("POST", "/v1/contacts", fields: ["Content-Type": "application/json; charset=latin1"], body: "{}").0 == 415)
        let malformed = await send("POST", "/v1/contacts", fields: json, body: #"{"email": }"#)
        #expect(malformed.0 == 400)
        #expect(malformed.1.contains("line 1, column"))
        #expect(await send("POST", "/v1/contacts", fields: json, body: "[1]").0 == 422)
        let readOnly = await send("POST", "/v1/contacts", fields: json, body: #"{"id":"x"}"#)
        #expect(readOnly.0 == 422)
        #expect(readOnly.1.contains(#""errors":[{"field":"id","code":"read_only""#))
    }

    @Test func authenticatesAndChecksRoles() async {
        let missing = await send("GET", "/v1/contacts/1", key: nil)
        #expect(missing.0 == 401)
        #expect(missing.2.headers["WWW-Authenticate"] == "Bearer realm=\"crm\"")
        #expect(await send("GET", "/v1/contacts/1", key: "nobody").0 == 401)
        #expect(await send("GET", "/v1/contacts/1", key: "readonly").0 == 200)
        #expect(await send("DELETE", "/v1/contacts/1", key: "readonly").0 == 403)
        #expect(await send("GET", "/v1/admin/api-keys", key: "analyst").0 == 403)
        #expect(await send("GET", "/v1/nope", key: "readonly").0 == 404)
        #expect(await send("GET", "/health", key: nil).0 == 200)
    }

    @Test func unexpectedErrorsLeakNothing() async {
        let (status, text, _) = await send("GET", "/boom", key: nil)
        #expect(status == 500)
        #expect(!text.contains("CancellationError"))
        #expect(text.contains("urn:crm:problem:internal"))
    }

    @Test func corsEchoesOnlyListedOrigins() async {
        let preflight = await send("OPTIONS", "/v1/contacts", key: nil, fields: [
            "Origin": "https://app.example", "Access-Control-Request-Method": "POST"])
        #expect(preflight.0 == 204)
        #expect(preflight.2.headers["Access-Control-Allow-Origin"] == "https://app.example")
        #expect(preflight.2.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS, POST")
        let stranger = await send("GET", "/health", key: nil, fields: ["Origin": "https://evil.example"])
        #expect(stranger.2.headers["Access-Control-Allow-Origin"] == nil)
        #expect(stranger.2.headers["Access-Control-Allow-Credentials"] == nil)
    }
}

@Suite struct RoleTests {
    /// The SPEC §2 role table, written out independently of `Role.allows`.
    @Test func followsTheRoleTable() {
        let expected: [Role: [Permission.Area: String]] = [
            .admin: [.contacts: "rw", .tickets: "rw", .deals: "rw", .campaigns: "rw", .segments: "rw", .analytics: "rw", .sync: "rw", .admin: "rw"],
            .agent: [.contacts: "rw", .tickets: "rw", .deals: "rw", .campaigns: "r", .segments: "r", .analytics: "", .sync: "rw", .admin: ""],
            .marketer: [.contacts: "rw", .tickets: "", .deals: "", .campaigns: "rw", .segments: "rw", .analytics: "r", .sync: "r", .admin: ""],
            .analyst: [.contacts: "r", .tickets: "r", .deals: "r", .campaigns: "r", .segments: "r", .analytics: "r", .sync: "r", .admin: ""],
            .readonly: [.contacts: "r", .tickets: "r", .deals: "r", .campaigns: "r", .segments: "r", .analytics: "r", .sync: "r", .admin: ""],
        ]
        for (role, areas) in expected {
            for (area, access) in areas {
                #expect(role.allows(Permission(area: area, access: .read)) == access.contains("r"), "\(role) read \(area)")
                #expect(role.allows(Permission(area: area, access: .write)) == access.contains("w"), "\(role) write \(area)")
            }
        }
    }
}

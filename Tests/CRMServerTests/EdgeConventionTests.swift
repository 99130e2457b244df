import CRMTestSupport
import Foundation
import Testing

/// The conventions every endpoint shares (SPEC §2): auth, problems, 404/405, CORS, request ids.
@Suite struct EdgeConventionTests {
    @Test func unauthenticatedAndUnknownKeysGet401() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let missing = try server.request("GET", "/v1/nothing", key: nil)
            #expect(missing.status == 401)
            #expect(missing.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            #expect(missing.header("Content-Type") == "application/problem+json")
            let wrong = try server.request("GET", "/v1/nothing", key: "not-a-key")
            #expect(wrong.status == 401)
            let known = try server.request("GET", "/v1/nothing")
            #expect(known.status == 404)
            #expect(known.text.contains("\"status\":404"))
        }
    }

    @Test func wrongMethodIs405WithAllow() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let response = try server.request("DELETE", "/health", key: nil)
            #expect(response.status == 405)
            #expect(response.header("Allow") == "GET, HEAD, OPTIONS")
            let options = try server.request("OPTIONS", "/health", key: nil)
            #expect(options.status == 204)
            #expect(options.header("Allow") == "GET, HEAD, OPTIONS")
            let head = try server.request("HEAD", "/health", key: nil)
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == "2")
        }
    }

    @Test func keepsASaneClientRequestId() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer()
            let sane = try server.request("GET", "/health", key: nil, headers: ["X-Request-Id": "abc-123"])
            #expect(sane.header("X-Request-Id") == "abc-123")
            let insane = try server.request("GET", "/health", key: nil, headers: ["X-Request-Id": "bad id <script>"])
            #expect(insane.header("X-Request-Id") != "bad id <script>")
        }
    }

    @Test func corsAnswersOnlyConfiguredOrigins() async throws {
        try await offPool { () throws -> Void in
            let server = try TestServer(arguments: ["--cors-origins", "https://app.example"])
            let preflight = try server.request("OPTIONS", "/v1/nothing", key: nil, headers: [
                "Origin": "https://app.example", "Access-Control-Request-Method": "GET",
            ])
            #expect(preflight.status == 204)
            let allowed = try server.request("GET", "/health", key: nil, headers: ["Origin": "https://app.example"])
            #expect(allowed.header("Access-Control-Allow-Origin") == "https://app.example")
            let other = try server.request("GET", "/health", key: nil, headers: ["Origin": "https://evil.example"])
            #expect(other.header("Access-Control-Allow-Origin") == nil)
            let unauthorized = try server.request("GET", "/v1/nothing", key: nil, headers: ["Origin": "https://app.example"])
            #expect(unauthorized.status == 401)
            #expect(unauthorized.header("Access-Control-Allow-Origin") == "https://app.example")
        }
    }

    @Test func invalidConfigurationStopsTheStart() async throws {
        try await offPool { () throws -> Void in
            #expect(throws: TestServer.StartFailure.self) { _ = try TestServer(arguments: ["--fsync", "sometimes"]) }
            #expect(throws: TestServer.StartFailure.self) { _ = try TestServer(environment: ["CRM_IDLE_TIMEOUT": "abc"]) }
        }
    }
}

import Foundation
import Testing
import CRMTestSupport
@testable import CRMHTTP

/// Connection reuse, pipelining, HEAD, 1.0 semantics and concurrency, over real loopback sockets.
@Suite struct KeepAliveTests {
    @Test func answersAThousandRequestsOnOneConnection() async throws {
        try await offPool { () throws -> Void in
            let server = try startEchoServer()
            let client = try RawClient(port: server.port)
            for index in 0..<1000 {
                client.send("GET /n/\(index) HTTP/1.1\r\nHost: a\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.text == "/n/\(index)")
            }
        }
    }

    @Test func answersPipelinedRequestsInOrder() async throws {
        try await offPool { () throws -> Void in
            let server = try startEchoServer()
            let client = try RawClient(port: server.port)
            var batch = ""
            for index in 0..<10 {
                batch += index == 3 ? "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nthree"
                    : index == 6 ? "GET /slow HTTP/1.1\r\nHost: a\r\n\r\n" : "GET /p/\(index) HTTP/1.1\r\nHost: a\r\n\r\n"
            }
            client.send(batch)
            for index in 0..<10 {
                let response = try client.readResponse()
                let expected = index == 3 ? "three" : index == 6 ? "slow done" : "/p/\(index)"
                #expect(response.text == expected)
            }
        }
    }

    @Test func headGetsHeadersWithoutBody() async throws {
        try await offPool { () throws -> Void in
            let server = try startEchoServer()
            let client = try RawClient(port: server.port)
            client.send("HEAD /some HTTP/1.1\r\nHost: a\r\n\r\nGET /after HTTP/1.1\r\nHost: a\r\n\r\n")
            let head = try client.readResponse(isHead: true)
            #expect(head.header("Content-Length") == "5")
            let next = try client.readResponse()
            #expect(next.text == "/after")
        }
    }

    @Test func noContentHasNoContentLength() async throws {
        try await offPool { () throws -> Void in
            let server = try startEchoServer()
            let client = try RawClient(port: server.port)
            client.send("GET /nocontent HTTP/1.1\r\nHost: a\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 204)
            #expect(response.header("Content-Length") == nil)
        }
    }

    @Test func closesWhenAsked() async throws {
        try await offPool { () throws -> Void in
            let server = try startEchoServer()
            let client = try RawClient(port: server.port)
            client.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.header("Connection") == "close")
            #expect(client.isClosedByServer())
        }
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() async throws {
        try await offPool { () throws -> Void in
            let server = try startEchoServer()
            let plain = try RawClient(port: server.port)
            plain.send("GET / HTTP/1.0\r\n\r\n")
            #expect(try plain.readResponse().status == 200)
            #expect(plain.isClosedByServer())
            let kept = try RawClient(port: server.port)
            kept.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try kept.readResponse().header("Connection") == "keep-alive")
            kept.send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try kept.readResponse().text == "/b")
        }
    }

    @Test func streamsAChunkedResponse() async throws {
        try await offPool { () throws -> Void in
            let server = try startEchoServer()
            let client = try RawClient(port: server.port)
            client.send("GET /stream HTTP/1.1\r\nHost: a\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.header("Transfer-Encoding") == "chunked")
            #expect(response.text == (0..<5).map { "piece \($0)\n" }.joined())
            client.send("GET /again HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(try client.readResponse().text == "/again")
        }
    }

    @Test func twoHundredConnectionsDoFiftyRequestsEach() async throws {
        let server = try startEchoServer()
        let port = server.port
        let successes = try await withThrowingTaskGroup(of: Int.self) { group in
            for connection in 0..<200 {
                group.addTask {
                    try await offPool {
                        let client = try RawClient(port: port)
                        var ok = 0
                        for request in 0..<50 {
                            client.send("GET /c/\(connection)/\(request) HTTP/1.1\r\nHost: a\r\n\r\n")
                            if try client.readResponse(timeout: 20).text == "/c/\(connection)/\(request)" { ok += 1 }
                        }
                        return ok
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(successes == 200 * 50)
    }
}

import Foundation
import Testing
import CRMTestSupport
@testable import CRMHTTP

/// Every RFC 9112 strictness case answered with its status, and whether the connection closes.
@Suite struct StrictnessTests {
    static let cases: [(name: String, request: String, status: Int)] = [
        ("both lengths", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("bad length", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3x\r\n\r\nabc", 400),
        ("negative length", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400),
        ("repeated length", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 400),
        ("length list", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\nabc", 400),
        ("obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n", 400),
        ("space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400),
        ("missing host", "GET / HTTP/1.1\r\n\r\n", 400),
        ("two hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        ("gzip coding", "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
        ("coding not chunked last", "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400),
        ("bare LF", "GET / HTTP/1.1\nHost: a\n\n", 400),
        ("version 2", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
        ("long line", "GET /" + String(repeating: "x", count: 9000) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414),
        ("big header", "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + String(repeating: "y", count: 17000) + "\r\n\r\n", 431),
        ("flood of empty lines", String(repeating: "\r\n", count: 10_000) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n", 414),
        ("body over cap", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n", 413),
        ("chunked over cap", "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" + String(repeating: "z", count: 2048) + "\r\n0\r\n\r\n", 413),
        ("chunk size trailing space", "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5 \r\nhello\r\n0\r\n\r\n", 400),
        ("unknown expectation", "POST /echo HTTP/1.1\r\nHost: a\r\nExpect: magic\r\nContent-Length: 1\r\n\r\nx", 417),
    ]

    @Test(arguments: cases.map(\.name))
    func rejectsAndCloses(name: String) async throws {
        try await offPool { () throws -> Void in
            let sample = Self.cases.first { $0.name == name }!
            let server = try startEchoServer()
            let client = try RawClient(port: server.port)
            client.send(sample.request)
            let response = try client.readResponse()
            #expect(response.status == sample.status)
            #expect(response.header("Connection") == "close")
            #expect(client.isClosedByServer())
        }
    }

    @Test func acceptsAChunkedUpload() async throws {
        try await offPool { () throws -> Void in
            let server = try startEchoServer()
            let client = try RawClient(port: server.port)
            client.send("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\nWiki\r\n5\r\npedia\r\n0\r\nT: 1\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.text == "Wikipedia")
            client.send("GET /next HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(try client.readResponse().text == "/next")
        }
    }

    @Test func streamsALargeUploadWithoutACap() async throws {
        try await offPool { () throws -> Void in
            let server = try startEchoServer()
            let client = try RawClient(port: server.port)
            let piece = [UInt8](repeating: 65, count: 64 * 1024)
            client.send("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n")
            for _ in 0..<64 {
                client.send(Array("10000\r\n".utf8) + piece + Array("\r\n".utf8))
            }
            client.send("0\r\n\r\n")
            #expect(try client.readResponse(timeout: 20).text == "received \(64 * 64 * 1024)")
        }
    }

    @Test func sendsContinueBeforeTheBody() async throws {
        try await offPool { () throws -> Void in
            let server = try startEchoServer()
            let client = try RawClient(port: server.port)
            client.send("POST /echo HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
            let interim = try client.readResponse()
            #expect(interim.status == 100)
            client.send("body")
            #expect(try client.readResponse().text == "body")
        }
    }

    @Test func cutsOffASlowHeader() async throws {
        try await offPool { () throws -> Void in
            var limits = RequestLimits()
            limits.headerTimeout = .milliseconds(600)
            let server = try startEchoServer(limits: limits)
            let client = try RawClient(port: server.port)
            let start = ContinuousClock.now
            let head = Array("GET / HTTP/1.1\r\nHost: a\r\nX-Slow: 1234567890\r\n\r\n".utf8)
            var index = 0
            var status: Int?
            while index < head.count && ContinuousClock.now - start < .seconds(5) {
                client.send([head[index]])
                index += 1
                if let response = try? client.readResponse(timeout: 0.1) { status = response.status; break }
            }
            #expect(status == 408)
            #expect(ContinuousClock.now - start < .seconds(3))
            #expect(client.isClosedByServer())
        }
    }

    @Test func closesIdleConnections() async throws {
        try await offPool { () throws -> Void in
            var limits = RequestLimits()
            limits.idleTimeout = .milliseconds(300)
            let server = try startEchoServer(limits: limits)
            let client = try RawClient(port: server.port)
            client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            _ = try client.readResponse()
            #expect(client.isClosedByServer(timeout: 3))
        }
    }

    @Test func refusesConnectionsOverTheCap() async throws {
        try await offPool { () throws -> Void in
            var limits = RequestLimits()
            limits.maxConnections = 2
            let server = try startEchoServer(limits: limits)
            let held = try Self.twoOpenConnections(server)
            let third = try RawClient(port: server.port)
            #expect(try third.readResponse().status == 503)
            withExtendedLifetime(held) {}
        }
    }

    /// Two keep-alive connections that have each been answered once (so the server holds both).
    static func twoOpenConnections(_ server: HTTPServer) throws -> (RawClient, RawClient) {
        let first = try RawClient(port: server.port)
        let second = try RawClient(port: server.port)
        for client in [first, second] {
            client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            _ = try client.readResponse()
        }
        return (first, second)
    }

    @Test func capsConnectionsFromOneAddressAndFreesTheirSlots() async throws {
        try await offPool { () throws -> Void in
            var limits = RequestLimits()
            limits.maxConnectionsPerAddress = 2
            let server = try startEchoServer(limits: limits)
            let (first, second) = try Self.twoOpenConnections(server)
            let third = try RawClient(port: server.port)
            let refused = try third.readResponse()
            #expect(refused.status == 429)
            #expect(refused.header("Retry-After") == "1")
            #expect(refused.text == "too many open connections from your address")
            // A closed connection frees its slot.
            first.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            _ = try first.readResponse()
            let deadline = ContinuousClock.now + .seconds(5)
            var status = 0
            while status != 200 && ContinuousClock.now < deadline {
                let next = try RawClient(port: server.port)
                next.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
                status = try next.readResponse().status
                if status != 200 { usleep(20_000) }
            }
            #expect(status == 200)
            withExtendedLifetime(second) {}
        }
    }
}

import CRMHTTP
import CRMTestSupport
import Foundation
import Testing

/// The outgoing client against a loopback receiver (and a TLS `crm serve`): status and body,
/// chunked answers, timeouts, the response cap, redirects not followed, the SSRF guard, and
/// certificate and host-name verification.
@Suite struct HTTPClientTests {
    static func client(allowsPrivate: Bool = true, timeout: Duration = .seconds(10), trusting file: String? = nil) -> HTTPClient {
        var options = HTTPClient.Options(policy: OutboundAddressPolicy(allowsPrivate: allowsPrivate))
        options.totalTimeout = timeout
        options.maxResponseBodyBytes = 1024
        options.trustedCertificatesFile = file
        return HTTPClient(options: options)
    }

    static func post(_ client: HTTPClient, _ url: String, body: String = "{}") async throws -> Result<ClientResponse, ClientFailure> {
        await client.send(ClientRequest(method: "POST", url: try OutboundURL.parse(url).get(), headers: [("Content-Type", "application/json")],
                                        body: Array(body.utf8)))
    }

    @Test func postsAndReadsStatusHeadersAndBody() async throws {
        let receiver = try LoopbackReceiver { _, _ in .raw("HTTP/1.1 201 Created\r\nContent-Length: 5\r\nX-Seen: yes\r\n\r\nhello") }
        let response = try await Self.post(Self.client(), "http://127.0.0.1:\(receiver.port)/in?q=1", body: #"{"a":1}"#).get()
        #expect(response.status == 201 && response.reason == "Created")
        #expect(response.headers["x-seen"] == "yes")
        #expect(String(decoding: response.body, as: UTF8.self) == "hello")
        let request = receiver.received.first
        #expect(request?.head == "POST /in?q=1 HTTP/1.1")
        #expect(request?.headers["host"] == "127.0.0.1:\(receiver.port)")
        #expect(request?.headers["connection"] == "close")
        #expect(request?.bodyText == #"{"a":1}"#)
    }

    @Test func readsChunkedAndUntilCloseBodiesAndSkipsInterimAnswers() async throws {
        let chunked = try LoopbackReceiver { _, _ in
            .raw("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n")
        }
        let first = try await Self.post(Self.client(), "http://127.0.0.1:\(chunked.port)/").get()
        #expect(first.status == 200 && String(decoding: first.body, as: UTF8.self) == "hello world")
        let untilClose = try LoopbackReceiver { _, _ in .raw("HTTP/1.0 202 Accepted\r\n\r\nqueued") }
        let second = try await Self.post(Self.client(), "http://127.0.0.1:\(untilClose.port)/").get()
        #expect(second.status == 202 && String(decoding: second.body, as: UTF8.self) == "queued")
    }

    @Test func capsTheBodyAndDoesNotFollowRedirects() async throws {
        let big = try LoopbackReceiver { _, _ in .raw("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + String(repeating: "x", count: 5000)) }
        let capped = try await Self.post(Self.client(), "http://127.0.0.1:\(big.port)/").get()
        #expect(capped.body.count == 1024 && capped.isTruncated)
        let redirect = try LoopbackReceiver { _, _ in .raw("HTTP/1.1 307 Temporary Redirect\r\nLocation: http://169.254.169.254/\r\nContent-Length: 0\r\n\r\n") }
        let answer = try await Self.post(Self.client(), "http://127.0.0.1:\(redirect.port)/").get()
        #expect(answer.status == 307)
        #expect(redirect.received.count == 1)
    }

    @Test func timesOutOnASlowReceiver() async throws {
        let slow = try LoopbackReceiver { _, _ in .raw("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", delay: 2) }
        // The receiver answers after 2 s; the client gave up at 300 ms (how long the test waited for
        // its turn on a busy machine says nothing about the client, so no wall-clock check).
        let outcome = try await Self.post(Self.client(timeout: .milliseconds(300)), "http://127.0.0.1:\(slow.port)/")
        #expect(outcome.failure == .timeout)
    }

    @Test func refusesPrivateTargetsAndReportsConnectionFailures() async throws {
        let receiver = try LoopbackReceiver { _, _ in .status(200) }
        let refused = try await Self.post(Self.client(allowsPrivate: false), "http://127.0.0.1:\(receiver.port)/")
        guard case .refusedAddress? = refused.failure else { Issue.record("not refused: \(refused)"); return }
        #expect(receiver.received.isEmpty)
        receiver.stop()
        guard case .connection? = try await Self.post(Self.client(), "http://127.0.0.1:\(receiver.port)/").failure else {
            Issue.record("a closed port must fail to connect"); return
        }
    }

    @Test func verifiesCertificatesAndHostNames() async throws {
        try await offPool { () throws -> Void in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crm-client-tls-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let (cert, key) = try TLSTests.makeCertificate(in: directory)
            let server = try TestServer(arguments: ["--tls-cert", cert, "--tls-key", key])
            let url = "https://localhost:\(server.port)/health"
            let outcomes = try runBlocking {
                [
                    await Self.get(Self.client(), url),                       // self-signed: not in the system trust store
                    await Self.get(Self.client(trusting: cert), url),         // trusted, name matches
                    await Self.get(Self.client(trusting: cert), "https://127.0.0.1:\(server.port)/health"), // IP SAN matches
                ]
            }
            guard case .tls(let reason)? = outcomes[0].failure else { Issue.record("untrusted certificate accepted: \(outcomes[0])"); return }
            #expect(reason.contains("verif"), "\(reason)")
            #expect(outcomes[1].success?.status == 200)
            #expect(outcomes[2].success?.status == 200)
            let other = directory.appendingPathComponent("other")
            let (otherCert, otherKey) = try Self.makeCertificate(in: other, name: "other.example")
            let wrongName = try TestServer(arguments: ["--tls-cert", otherCert, "--tls-key", otherKey])
            let mismatch = try runBlocking { await Self.get(Self.client(trusting: otherCert), "https://localhost:\(wrongName.port)/health") }
            guard case .tls(let mismatchReason)? = mismatch.failure else { Issue.record("host-name mismatch accepted: \(mismatch)"); return }
            #expect(mismatchReason.contains("verif"), "\(mismatchReason)")
        }
    }

    static func get(_ client: HTTPClient, _ url: String) async -> Result<ClientResponse, ClientFailure> {
        guard case .success(let parsed) = OutboundURL.parse(url) else { return .failure(.invalidURL(url)) }
        return await client.send(ClientRequest(method: "GET", url: parsed))
    }

    static func makeCertificate(in directory: URL, name: String) throws -> (cert: String, key: String) {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let cert = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let result = try TLSTests.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                                       "-days", "1", "-subj", "/CN=\(name)", "-addext", "subjectAltName=DNS:\(name)"])
        guard result.status == 0 else { throw TestServer.StartFailure(log: result.output) }
        return (cert, key)
    }
}

/// Runs async work from a blocking test thread and waits for it.
func runBlocking<T: Sendable>(_ work: @escaping @Sendable () async -> T) throws -> T {
    let box = LockedBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        box.value = await work()
        done.signal()
    }
    guard done.wait(timeout: .now() + 60) == .success, let value = box.value else { throw POSIXError(.ETIMEDOUT) }
    return value
}

final class LockedBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T?
    var value: T? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

extension Result {
    var failure: Failure? { if case .failure(let error) = self { error } else { nil } }
    var success: Success? { if case .success(let value) = self { value } else { nil } }
}

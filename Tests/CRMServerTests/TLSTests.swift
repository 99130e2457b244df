import CRMTestSupport
import Foundation
import Testing

/// HTTPS through OpenSSL: curl verifies a self-signed certificate made by `openssl req`; plain HTTP on
/// the TLS port and TLS 1.1 are refused cleanly.
@Suite struct TLSTests {
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try ChildProcess.run(arguments[0], Array(arguments.dropFirst()))
    }

    static func makeCertificate(in directory: URL) throws -> (cert: String, key: String) {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let cert = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let result = try run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                              "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
        guard result.status == 0 else { throw TestServer.StartFailure(log: result.output) }
        return (cert, key)
    }

    @Test func servesHTTPSAndRefusesWhatItShould() async throws {
        try await offPool { () throws -> Void in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crm-tls-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let (cert, key) = try Self.makeCertificate(in: directory)
            let server = try TestServer(arguments: ["--tls-cert", cert, "--tls-key", key])
            let url = "https://localhost:\(server.port)/health"
            let ok = try Self.run(["curl", "-sS", "--http1.1", "--cacert", cert, "--resolve", "localhost:\(server.port):127.0.0.1", url, url, "-v"])
            #expect(ok.status == 0, "\(ok.output)")
            #expect(ok.output.contains("ALPN: server accepted http/1.1"))
            #expect(ok.output.components(separatedBy: "< HTTP/1.1 200 OK").count == 3)
            let old = try Self.run(["curl", "-sS", "--tlsv1.1", "--tls-max", "1.1", "--cacert", cert,
                                    "--resolve", "localhost:\(server.port):127.0.0.1", url])
            #expect(old.status != 0)
            let plain = try server.request("GET", "/health", key: nil)
            #expect(plain.status == 400)
            #expect(plain.text.contains("HTTPS"))
            // The server is unharmed by both.
            #expect(try Self.run(["curl", "-sS", "--cacert", cert, "--resolve", "localhost:\(server.port):127.0.0.1", url]).output == "ok")
        }
    }
}

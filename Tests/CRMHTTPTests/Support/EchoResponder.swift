import Synchronization
import CRMHTTP
import CRMTestSupport
import Foundation

/// A responder for HTTP-layer tests: `/echo` returns the body, `/slow` sleeps, `/stream` streams,
/// `/upload` streams the request body and answers its size, anything else answers the target.
struct EchoResponder: Responder {
    func bodyDisposition(for head: RequestHead) -> BodyDisposition {
        head.path == "/upload" ? .stream : .collect(limit: 1024)
    }

    func respond(to request: Request, from client: ClientInfo) async -> Response {
        switch request.head.path {
        case "/echo":
            guard case .bytes(let bytes) = request.body else { return .text("?", status: .internalServerError) }
            return Response(status: .ok, contentType: "application/octet-stream", bytes: bytes)
        case "/slow":
            try? await Task.sleep(for: .milliseconds(800))
            return .text("slow done")
        case "/stream":
            return Response(status: .ok, headers: ["Content-Type": "text/plain"], body: .stream { writer in
                for index in 0..<5 { try await writer.write(Array("piece \(index)\n".utf8)) }
            })
        case "/upload":
            var total = 0
            do {
                for try await piece in request.body.streamed { total += piece.count }
            } catch {
                return .text("aborted", status: .badRequest)
            }
            return .text("received \(total)")
        case "/nocontent":
            return Response(status: .noContent)
        default:
            return .text(request.head.target)
        }
    }
}

extension RequestBody {
    var streamed: RequestBodyStream {
        if case .stream(let stream) = self { return stream }
        fatalError("expected a streamed body")
    }
}

/// Starts an `HTTPServer` with the echo responder on an ephemeral loopback port. The server is kept
/// alive for the rest of the test run: a test that reads only `server.port` would otherwise let
/// Swift release it after that last use, in the middle of the test, taking its listener and its
/// timeout sweeper along (seen as a slow-header test that never got its 408).
func startEchoServer(limits: RequestLimits = RequestLimits()) throws -> HTTPServer {
    let server = HTTPServer(host: "127.0.0.1", port: 0, limits: limits, responder: EchoResponder())
    try server.start()
    startedServers.withLock { $0.append(server) }
    return server
}

private let startedServers = Mutex<[HTTPServer]>([])

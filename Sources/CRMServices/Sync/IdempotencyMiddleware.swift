import CRMHTTP
import CRMModel
import CRMRouter
import CRMStore
import Foundation
import Synchronization

/// `Idempotency-Key` on POST (SPEC §2): the first request with a key runs and its successful (2xx)
/// answer is kept in the store for 24 hours; the same key with the same method, path and body
/// replays that answer with `Idempotent-Replayed: true`; the same key with another request is 422.
/// Requests with one key that arrive while the first is running wait for it, so it runs once.
/// Keys are scoped to the API key that sends them.
///
/// Limits, stated honestly: the change and its kept answer are two commits, so a crash between them
/// lets a retry run the change again; streamed bodies (import) are not covered.
public final class IdempotencyMiddleware: Middleware {
    let store: Store
    let state: IdempotencyState
    private let running = Mutex<[String: [CheckedContinuation<Void, Never>]]>([:])

    public init(store: Store, state: IdempotencyState) {
        self.store = store
        self.state = state
    }

    public func handle(_ request: Request, context: RequestContext, next: Handler) async throws -> Response {
        guard request.method == HTTPMethod.post, let key = request.fields["Idempotency-Key"] else { return try await next(request, context) }
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw Problem.badRequest("Idempotency-Key must be 1–255 visible ASCII characters.")
        }
        guard case .bytes(let body) = request.body else { return try await next(request, context) }
        let owner = context.principal?.keyId ?? "anonymous"
        let id = "idem_" + KeyDigest.hex(KeyDigest.sha256(owner + "\n" + key))
        let fingerprint = KeyDigest.hex(KeyDigest.sha256(request.method + " " + request.head.target + "\n" + String(decoding: body, as: UTF8.self)))
        for _ in 0..<3 {
            if let entry = state.entry(id, now: Self.now()) {
                guard entry.fingerprint == fingerprint else {
                    throw Problem(status: .unprocessableContent, type: "urn:crm:problem:idempotency-key-reused",
                                  detail: "This Idempotency-Key was used for a different request in the last 24 hours; use a new key.")
                }
                return replay(entry)
            }
            guard await claim(id) else { continue }
            defer { release(id) }
            // Another request with the key may have finished between the look-up and the claim.
            if state.entry(id, now: Self.now()) != nil { continue }
            let response = try await next(request, context)
            try await keep(response, id: id, fingerprint: fingerprint, context: context)
            return response
        }
        throw Problem(status: .conflict, type: "urn:crm:problem:idempotency-busy",
                      detail: "Another request with this Idempotency-Key is still running; retry shortly.", headers: ["Retry-After": "1"])
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// True when this request may run; false after waiting for another one with the same key.
    private func claim(_ id: String) async -> Bool {
        let mine = running.withLock { running -> Bool in
            guard running[id] == nil else { return false }
            running[id] = []
            return true
        }
        if mine { return true }
        await withCheckedContinuation { continuation in
            let isDone = running.withLock { running -> Bool in
                guard running[id] != nil else { return true }
                running[id]?.append(continuation)
                return false
            }
            if isDone { continuation.resume() }
        }
        return false
    }

    private func release(_ id: String) {
        for waiter in running.withLock({ $0.removeValue(forKey: id) }) ?? [] { waiter.resume() }
    }

    private func keep(_ response: Response, id: String, fingerprint: String, context: RequestContext) async throws {
        guard (200..<300).contains(response.status.code), case .bytes(let bytes) = response.body,
              let body = String(validating: bytes, as: UTF8.self) else { return }
        let entry = IdempotencyState.Entry(fingerprint: fingerprint, status: response.status.code, contentType: response.headers["Content-Type"],
                                           location: response.headers["Location"], etag: response.headers["ETag"], body: body,
                                           createdAt: Self.now())
        let stale = state.expired(now: entry.createdAt, limit: 8)
        try await store.commit(actor: context.principal?.keyId ?? "anonymous", requestId: context.requestId) { context in
            context.append(type: IdempotencyState.recordType, id: id, op: .put, data: entry.storedBytes)
            for old in stale { context.append(type: IdempotencyState.recordType, id: old, op: .delete, data: []) }
        }
    }

    private func replay(_ entry: IdempotencyState.Entry) -> Response {
        var headers = HTTPFields()
        headers.set("Idempotent-Replayed", "true")
        if let location = entry.location { headers.set("Location", location) }
        if let etag = entry.etag { headers.set("ETag", etag) }
        if let contentType = entry.contentType { headers.set("Content-Type", contentType) }
        return Response(status: HTTPStatus(code: entry.status), headers: headers, body: entry.body.isEmpty ? .empty : .bytes(Array(entry.body.utf8)))
    }
}

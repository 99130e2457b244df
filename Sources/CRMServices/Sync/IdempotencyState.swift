import CRMModel
import CRMStore
import Synchronization

/// The answers kept for `Idempotency-Key` replays, rebuilt from `idempotency` records. An entry is
/// good for 24 hours; expired ones are deleted from the log a few at a time as new ones arrive.
public final class IdempotencyState: StoreState, @unchecked Sendable {
    static let recordType = "idempotency"
    static let lifetimeMilliseconds: Int64 = 24 * 3_600_000

    struct Entry: Sendable, Equatable {
        var fingerprint: String
        var status: Int
        var contentType: String?
        var location: String?
        var etag: String?
        var body: String
        var createdAt: Int64

        var storedBytes: [UInt8] {
            var writer = JSONWriter(reservingCapacity: 256 + body.utf8.count)
            writer.beginObject()
            writer.field("fingerprint", fingerprint)
            writer.field("status", status)
            writer.field("contentType", contentType)
            writer.field("location", location)
            writer.field("etag", etag)
            writer.field("body", body)
            writer.field("createdAt", createdAt)
            writer.endObject()
            return writer.bytes
        }

        init(fingerprint: String, status: Int, contentType: String?, location: String?, etag: String?, body: String, createdAt: Int64) {
            self.fingerprint = fingerprint
            self.status = status
            self.contentType = contentType
            self.location = location
            self.etag = etag
            self.body = body
            self.createdAt = createdAt
        }

        init?(stored object: JSONObject) {
            guard let fingerprint = object["fingerprint"]?.stringValue, let status = object["status"]?.numberValue?.int64,
                  let body = object["body"]?.stringValue, let created = object["createdAt"]?.numberValue?.int64 else { return nil }
            self.init(fingerprint: fingerprint, status: Int(status), contentType: object["contentType"]?.stringValue,
                      location: object["location"]?.stringValue, etag: object["etag"]?.stringValue, body: body, createdAt: created)
        }
    }

    private let entries = Mutex<[String: Entry]>([:])

    public init() {}

    public func apply(_ records: [Record]) {
        for record in records where record.type == IdempotencyState.recordType {
            let entry = record.putObject.flatMap(Entry.init(stored:))
            entries.withLock { $0[record.id] = entry }
        }
    }

    public func reset() {
        entries.withLock { $0.removeAll() }
    }

    /// The live entry for `id` at `now` (milliseconds).
    func entry(_ id: String, now: Int64) -> Entry? {
        entries.withLock { $0[id] }.flatMap { now - $0.createdAt < IdempotencyState.lifetimeMilliseconds ? $0 : nil }
    }

    /// Up to `limit` ids whose entries have expired at `now`.
    func expired(now: Int64, limit: Int) -> [String] {
        entries.withLock { entries in
            Array(entries.lazy.filter { now - $0.value.createdAt >= IdempotencyState.lifetimeMilliseconds }.prefix(limit).map(\.key))
        }
    }
}

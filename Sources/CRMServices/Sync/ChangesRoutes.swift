import CRMHTTP
import CRMModel
import CRMRouter
import CRMStore

/// `GET /v1/changes` (sync area).
public enum ChangesRoutes {
    public static func register(on router: inout Router, feed: ChangesFeed) {
        router.add(HTTPMethod.get, "/v1/changes", area: .sync) { _, context in
            let result = try await feed.read(try ChangesFeed.Query(context.query))
            var writer = JSONWriter(reservingCapacity: 512 * max(1, result.changes.count))
            writer.beginObject()
            writer.field("data", result.changes) { writer, record in
                writer.beginObject()
                writer.field("seq", Int64(record.seq))
                writer.field("type", record.type)
                writer.field("id", record.id)
                writer.field("op", record.op.rawValue)
                writer.field("at", Timestamp(millisecondsSinceEpoch: record.timestamp))
                if record.op == .put {
                    writer.key("data")
                    writer.rawValue(record.data)
                }
                writer.endObject()
            }
            writer.field("nextAfter", Int64(result.nextAfter))
            writer.endObject()
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
    }
}

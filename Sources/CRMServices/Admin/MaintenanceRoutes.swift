import CRMHTTP
import CRMModel
import CRMRouter
import CRMStore

/// `POST /v1/admin/compact` and `POST /v1/admin/backup` (admin): file maintenance while serving.
public enum MaintenanceRoutes {
    public static func register(on router: inout Router, store: Store) {
        router.add(HTTPMethod.post, "/v1/admin/compact", area: .admin) { _, _ in
            let report = try await store.compact()
            var writer = JSONWriter(reservingCapacity: 256)
            writer.beginObject()
            writer.field("snapshot", report.snapshot)
            writer.field("filesReplaced", report.filesReplaced)
            writer.field("recordsKept", report.recordsKept)
            writer.field("recordsDropped", report.recordsDropped)
            writer.field("bytesBefore", report.bytesBefore)
            writer.field("bytesAfter", report.bytesAfter)
            writer.endObject()
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
        router.add(HTTPMethod.post, "/v1/admin/backup", area: .admin) { request, _ in
            var reader = ObjectReader(try await request.jsonObject())
            let destination = reader.string("destination", maxLength: 4096, required: true)
            if let destination, !destination.hasPrefix("/") {
                reader.record(.invalidValue("destination", "must be an absolute path on the server's machine"))
            }
            try reader.finish()
            let report = try await backup(store, to: destination ?? "")
            var writer = JSONWriter(reservingCapacity: 256)
            writer.beginObject()
            writer.field("destination", report.destination)
            writer.field("files", report.files)
            writer.field("bytes", report.bytes)
            writer.field("throughSeq", Int64(report.throughSeq))
            writer.endObject()
            return Response(status: .ok, contentType: "application/json", bytes: writer.bytes)
        }
    }

    /// A destination the store cannot use is the caller's mistake (422), not the server's.
    private static func backup(_ store: Store, to destination: String) async throws -> BackupReport {
        let result: Result<BackupReport, StoreError>
        do {
            result = .success(try await store.backup(to: destination))
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let report): return report
        case .failure(.unusableDirectory(let reason)): throw FieldErrors([.invalidValue("destination", reason)])
        case .failure(let error): throw error
        }
    }
}

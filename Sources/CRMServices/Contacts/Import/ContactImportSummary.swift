import CRMModel
import CRMRouter

/// The answer of `POST /v1/contacts/import`: how many rows created, updated, left unchanged or
/// failed, and the first `maxErrors` failures with the line each row starts on (`truncated` when
/// more failed than are listed).
struct ContactImportSummary: Sendable {
    static let maxErrors = 1000

    struct LineError: Sendable, Equatable {
        var line: Int
        var message: String
    }

    var isDryRun: Bool
    var created = 0
    var updated = 0
    var unchanged = 0
    var failed = 0
    private(set) var errors: [LineError] = []

    init(isDryRun: Bool) {
        self.isDryRun = isDryRun
    }

    var isTruncated: Bool { failed > errors.count }

    mutating func fail(line: Int, _ message: String) {
        failed += 1
        if errors.count < Self.maxErrors { errors.append(LineError(line: line, message: message)) }
    }

    mutating func fail(line: Int, _ problem: Problem) {
        fail(line: line, Self.message(problem))
    }

    mutating func count(_ result: ContactBatchResult, line: Int) {
        switch result.status {
        case .created: created += 1
        case .updated: updated += 1
        case .unchanged: unchanged += 1
        case .error: fail(line: line, result.error.map(Self.message) ?? "the row could not be imported")
        }
    }

    /// A problem in one line of text: its field errors (`field: message; …`), else its detail.
    static func message(_ problem: Problem) -> String {
        guard !problem.errors.isEmpty else { return problem.detail }
        return problem.errors.map { $0.field.isEmpty ? $0.message : "\($0.field): \($0.message)" }.joined(separator: "; ")
    }

    var jsonBytes: [UInt8] {
        var writer = JSONWriter(reservingCapacity: 128 + 96 * errors.count)
        writer.beginObject()
        writer.field("dryRun", isDryRun)
        writer.field("created", created)
        writer.field("updated", updated)
        writer.field("unchanged", unchanged)
        writer.field("failed", failed)
        writer.field("errors", errors) { writer, error in
            writer.beginObject()
            writer.field("line", error.line)
            writer.field("message", error.message)
            writer.endObject()
        }
        writer.field("truncated", isTruncated)
        writer.endObject()
        return writer.bytes
    }
}

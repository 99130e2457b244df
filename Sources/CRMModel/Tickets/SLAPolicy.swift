/// The SLA targets (SPEC §3 "Tickets"): per priority, minutes until the first public agent reply and
/// until the ticket is solved. Minutes may have a fraction (down to 0.001, i.e. 60 ms) so tests can
/// use targets of seconds. One policy for the whole CRM, stored as one record; until it is first
/// replaced it is `defaults` at version 1.
public struct SLAPolicy: Sendable, Equatable {
    public struct Target: Sendable, Equatable {
        public var firstResponseMinutes: Double
        public var resolutionMinutes: Double

        public init(firstResponseMinutes: Double, resolutionMinutes: Double) {
            self.firstResponseMinutes = firstResponseMinutes
            self.resolutionMinutes = resolutionMinutes
        }

        public var firstResponse: Duration { Self.duration(minutes: firstResponseMinutes) }
        public var resolution: Duration { Self.duration(minutes: resolutionMinutes) }

        static func duration(minutes: Double) -> Duration { .milliseconds(Int64((minutes * 60_000).rounded())) }
    }

    public var targets: [TicketPriority: Target]
    public var version: Int
    /// When it was last replaced; nil for the built-in defaults.
    public var updatedAt: Timestamp?

    public init(targets: [TicketPriority: Target], version: Int = 1, updatedAt: Timestamp? = nil) {
        self.targets = targets
        self.version = version
        self.updatedAt = updatedAt
    }

    /// SPEC §3: urgent 60/240, high 240/1440, normal 480/2880, low 1440/5760 minutes.
    public static let defaults = SLAPolicy(targets: [
        .urgent: Target(firstResponseMinutes: 60, resolutionMinutes: 240),
        .high: Target(firstResponseMinutes: 240, resolutionMinutes: 1440),
        .normal: Target(firstResponseMinutes: 480, resolutionMinutes: 2880),
        .low: Target(firstResponseMinutes: 1440, resolutionMinutes: 5760),
    ])

    /// Smallest and largest target accepted (60 ms; ten years).
    public static let minutesRange: ClosedRange<Double> = 0.001...5_256_000

    public func target(for priority: TicketPriority) -> Target {
        targets[priority] ?? Self.defaults.targets[priority]!
    }

    /// `{"urgent": {...}, "high": {...}, "normal": {...}, "low": {...}, "version", "updatedAt"}`.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        for priority in TicketPriority.allCases.reversed() {
            let target = target(for: priority)
            writer.key(priority.rawValue)
            writer.beginObject()
            writer.field("firstResponseMinutes", target.firstResponseMinutes)
            writer.field("resolutionMinutes", target.resolutionMinutes)
            writer.endObject()
        }
        writer.field("version", version)
        writer.field("updatedAt", updatedAt)
        writer.endObject()
    }

    public var jsonBytes: [UInt8] {
        var writer = JSONWriter(reservingCapacity: 320)
        write(to: &writer)
        return writer.bytes
    }

    /// The targets of a `PUT` body: all four priorities, each with both targets; `version` and
    /// `updatedAt` are read-only.
    public static func readTargets(from object: JSONObject) throws(FieldErrors) -> [TicketPriority: Target] {
        var reader = ObjectReader(object)
        reader.rejectReadOnly(["version", "updatedAt"])
        var targets: [TicketPriority: Target] = [:]
        for priority in TicketPriority.allCases.reversed() {
            let target = reader.object(priority.rawValue, required: true) { child in
                let first = child.double("firstResponseMinutes", in: minutesRange, required: true)
                let resolution = child.double("resolutionMinutes", in: minutesRange, required: true)
                return first.flatMap { first in resolution.map { Target(firstResponseMinutes: first, resolutionMinutes: $0) } }
            }
            if let target = target ?? nil { targets[priority] = target }
        }
        try reader.finish()
        return targets
    }

    /// Reads back what `write` produced; nil when it is not a policy.
    public init?(stored object: JSONObject) {
        guard case .number(let version)? = object["version"], let versionNumber = version.int64 else { return nil }
        var writable = object
        let updated = writable.removeValue(forKey: "updatedAt")?.stringValue.flatMap { Timestamp(rfc3339: $0) }
        _ = writable.removeValue(forKey: "version")
        guard let targets = try? Self.readTargets(from: writable) else { return nil }
        self.init(targets: targets, version: Int(versionNumber), updatedAt: updated)
    }
}

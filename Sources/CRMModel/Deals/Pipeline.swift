/// The sales pipeline (SPEC §3 "Deals"): ordered stages, each with the probability that a deal in it
/// is won. Exactly one stage has probability 1 (won) and exactly one has 0 (lost); every other stage
/// is open, with a probability strictly between.
public struct Pipeline: Sendable, Equatable {
    public struct Stage: Sendable, Equatable {
        public var key: String
        public var probability: Double

        public init(key: String, probability: Double) {
            self.key = key
            self.probability = probability
        }
    }

    /// Where a deal in a stage stands.
    public enum Outcome: String, Sendable {
        case open, won, lost
    }

    public var stages: [Stage]
    public var version: Int
    public var updatedAt: Timestamp?

    public init(stages: [Stage], version: Int = 1, updatedAt: Timestamp? = nil) {
        self.stages = stages
        self.version = version
        self.updatedAt = updatedAt
    }

    /// SPEC §3's default: qualification 0.1, needs_analysis 0.2, proposal 0.5, negotiation 0.8, won 1, lost 0.
    public static let standard = Pipeline(stages: [
        Stage(key: "qualification", probability: 0.1), Stage(key: "needs_analysis", probability: 0.2),
        Stage(key: "proposal", probability: 0.5), Stage(key: "negotiation", probability: 0.8),
        Stage(key: "won", probability: 1), Stage(key: "lost", probability: 0),
    ], version: 0)

    public static let maxStages = 30
    public static let maxKeyLength = 40

    public func stage(_ key: String) -> Stage? { stages.first { $0.key == key } }

    public func outcome(of key: String) -> Outcome? {
        stage(key).map { $0.probability == 1 ? .won : $0.probability == 0 ? .lost : .open }
    }

    /// The first open stage: where a deal created without a stage starts.
    public var firstOpenStage: String { stages.first { $0.probability > 0 && $0.probability < 1 }?.key ?? stages[0].key }

    public var wonStage: String { stages.first { $0.probability == 1 }!.key }
    public var lostStage: String { stages.first { $0.probability == 0 }!.key }

    /// `{"stages": [{"key", "probability"}], "version", "updatedAt"}`.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("stages", stages) { writer, stage in
            writer.beginObject()
            writer.field("key", stage.key)
            writer.field("probability", stage.probability)
            writer.field("outcome", outcome(of: stage.key)!.rawValue)
            writer.endObject()
        }
        writer.field("version", version)
        writer.field("updatedAt", updatedAt)
        writer.endObject()
    }

    public var jsonBytes: [UInt8] {
        var writer = JSONWriter(reservingCapacity: 512)
        write(to: &writer)
        return writer.bytes
    }
}

extension Pipeline {
    /// The stages of a `PUT /v1/pipeline` body `{"stages": [{"key", "probability"}]}`, every rule
    /// checked at once: 2–30 stages, keys `[a-z0-9_]{1,40}` and unique, probabilities 0…1, exactly one
    /// stage at 1 and exactly one at 0.
    public static func stages(from object: JSONObject) throws(FieldErrors) -> [Stage] {
        var reader = ObjectReader(object)
        reader.rejectReadOnly(["version", "updatedAt"])
        let stages = reader.objectArray("stages", maxCount: maxStages, required: true) { child in
            let key = child.string("key", maxLength: maxKeyLength, required: true)
            let probability = child.double("probability", in: 0...1, required: true)
            _ = child.string("outcome")  // accepted back from a GET, but derived from the probability
            if let key, !isValidKey(key) {
                child.record(.invalidValue(child.fieldPath("key"), "must be 1 to 40 of a-z, 0-9 and _"))
            }
            return Stage(key: key ?? "", probability: probability ?? 0)
        }
        if let stages {
            var seen: Set<String> = []
            for (position, stage) in stages.enumerated() where !seen.insert(stage.key).inserted {
                reader.record(.invalidValue("stages[\(position)].key", "'\(stage.key)' appears twice"))
            }
            if stages.count < 2 { reader.record(.invalidValue("stages", "needs at least a won and a lost stage")) }
            let won = stages.filter { $0.probability == 1 }.count
            let lost = stages.filter { $0.probability == 0 }.count
            if won != 1 { reader.record(.invalidValue("stages", "needs exactly one won stage (probability 1), not \(won)")) }
            if lost != 1 { reader.record(.invalidValue("stages", "needs exactly one lost stage (probability 0), not \(lost)")) }
        }
        try reader.finish()
        return stages ?? []
    }

    static func isValidKey(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.allSatisfy { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "_") }
    }

    /// Reads back what `write` produced.
    public init?(stored object: JSONObject) {
        guard let storedStages = object["stages"], let stages = try? Self.stages(from: ["stages": storedStages]),
              let versionValue = object["version"]?.numberValue?.int64 else { return nil }
        let updatedAt = object["updatedAt"]?.stringValue.flatMap { Timestamp(rfc3339: $0) }
        self.init(stages: stages, version: Int(versionValue), updatedAt: updatedAt)
    }
}

import CRMModel

/// The canonical JSON of a filter, for storing segments and showing them back: groups as
/// `{"all": [...]}`/`{"any": [...]}`, conditions with members in the order `field`, `op`, `value`,
/// times in canonical text (`2026-11-22T11:38:39.123Z`, `2026-11-22`, `-90d`) and integral numbers
/// without a fraction. Terms keep their written order. Reading it back with
/// `SegmentFilter(json:)` or `SegmentFilter(parsing:)` gives an equal filter.
extension SegmentFilter {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key(combinator.rawValue)
        writer.beginArray()
        for term in terms {
            switch term {
            case .group(let group):
                group.write(to: &writer)
            case .condition(let condition):
                writer.beginObject()
                writer.field("field", condition.field.name)
                writer.field("op", condition.op.rawValue)
                writer.field("value", condition.value.jsonValue)
                writer.endObject()
            }
        }
        writer.endArray()
        writer.endObject()
    }

    /// The canonical JSON as bytes.
    public var jsonBytes: [UInt8] {
        var writer = JSONWriter(reservingCapacity: 256)
        write(to: &writer)
        return writer.bytes
    }

    /// The canonical JSON as text.
    public var canonicalJSON: String {
        String(decoding: jsonBytes, as: UTF8.self)
    }

    /// The canonical JSON as a value, to embed in a larger document.
    public var jsonValue: JSONValue {
        .object([combinator.rawValue: .array(terms.map { term in
            switch term {
            case .group(let group):
                group.jsonValue
            case .condition(let condition):
                .object(["field": .string(condition.field.name), "op": .string(condition.op.rawValue),
                         "value": condition.value.jsonValue])
            }
        })])
    }
}

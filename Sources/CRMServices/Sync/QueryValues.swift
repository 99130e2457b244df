import CRMModel
import CRMRouter

extension QueryParameters {
    /// The parameter as an RFC 3339 time, nil when absent; 400 naming it when it is not one.
    func timestamp(_ name: String) throws(Problem) -> Timestamp? {
        guard let text = self[name] else { return nil }
        guard let value = Timestamp(rfc3339: text) else { throw Problem.badRequest("\(name) must be an RFC 3339 date-time.") }
        return value
    }

    /// The parameter as a comma list of enum values (`status=open,pending`), empty when absent;
    /// 400 naming the first value that is not one of them. `skippingEmpty` ignores empty items
    /// (`status=`) instead of refusing them.
    func values<Value: RawRepresentable & CaseIterable & Hashable>(_ name: String, of type: Value.Type,
                                                                 skippingEmpty: Bool = false) throws(Problem) -> Set<Value>
        where Value.RawValue == String {
        guard let text = self[name] else { return [] }
        var values = Set<Value>()
        for item in text.split(separator: ",", omittingEmptySubsequences: skippingEmpty) {
            guard let value = Value(rawValue: String(item)) else {
                throw Problem.badRequest("\(name) '\(item)' is not one of \(Value.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            values.insert(value)
        }
        return values
    }
}

/// Sort keys of list cursors as text whose order is the values' order.
enum SortKeyText {
    /// `value` (negative counts as 0) with leading zeros to `width` digits.
    static func padded(_ value: Int64, width: Int) -> String {
        let digits = String(max(0, value))
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

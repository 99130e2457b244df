import CRMModel
import CRMRouter

extension QueryParameters {
    /// The parameter as an RFC 3339 time, nil when absent; 400 naming it when it is not one.
    func timestamp(_ name: String) throws(Problem) -> Timestamp? {
        guard let text = self[name] else { return nil }
        guard let value = Timestamp(rfc3339: text) else { throw Problem.badRequest("\(name) must be an RFC 3339 date-time.") }
        return value
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

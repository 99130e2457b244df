/// An amount of money: integer minor units (`1999` is 19.99 in EUR) of an ISO 4217 currency.
/// Integers keep sums exact; the currency code says how many minor units make one major unit.
///
/// The currency is checked for form only (three upper-case ASCII letters, as ISO 4217 writes
/// them), not against the current list of codes, so new currencies need no code change.
public struct Money: Sendable, Hashable, CustomStringConvertible {
    /// Minor units; negative for refunds and credits.
    public let amount: Int64
    /// The ISO 4217 alphabetic code (`EUR`, `USD`, `JPY`).
    public let currency: String

    /// Money if `currency` is three upper-case letters; nil otherwise.
    public init?(amount: Int64, currency: String) {
        guard Self.isValidCurrency(currency) else { return nil }
        self.amount = amount
        self.currency = currency
    }

    /// Whether `code` has the form of an ISO 4217 code: exactly three letters A–Z.
    public static func isValidCurrency(_ code: String) -> Bool {
        code.utf8.count == 3 && code.utf8.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }

    /// The sum, or nil when the currencies differ or the amount would overflow.
    public func adding(_ other: Money) -> Money? {
        guard currency == other.currency else { return nil }
        let (sum, overflow) = amount.addingReportingOverflow(other.amount)
        return overflow ? nil : Money(amount: sum, currency: currency)
    }

    public var description: String { "\(amount) \(currency)" }
}

extension Money: Codable {
    private enum CodingKeys: String, CodingKey {
        case amount, currency
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let currency = try container.decode(String.self, forKey: .currency)
        guard let money = Money(amount: try container.decode(Int64.self, forKey: .amount), currency: currency) else {
            throw DecodingError.dataCorruptedError(
                forKey: .currency, in: container, debugDescription: "not an ISO 4217 currency code: \(currency)")
        }
        self = money
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(amount, forKey: .amount)
        try container.encode(currency, forKey: .currency)
    }
}

extension ObjectReader {
    /// Money from two sibling members (`amount` in minor units and `currency`, as deals and
    /// purchases carry them). Nil when both are absent; when only one is there, the other is
    /// reported `required`.
    public mutating func money(
        amountKey: String = "amount", currencyKey: String = "currency", required: Bool = false
    ) -> Money? {
        let isPresent = contains(amountKey) || contains(currencyKey)
        let amount = int(amountKey, required: required || isPresent)
        let currency = string(currencyKey, required: required || isPresent)
        guard let amount, let currency else { return nil }
        guard let money = Money(amount: Int64(amount), currency: currency) else {
            return reject(currencyKey, .invalidValue(fieldPath(currencyKey), "must be an ISO 4217 currency code such as EUR"))
        }
        return money
    }
}

extension JSONWriter {
    /// Writes the two members `"amount": …, "currency": …` into the current object.
    public mutating func moneyFields(_ money: Money) {
        field("amount", money.amount)
        field("currency", money.currency)
    }
}

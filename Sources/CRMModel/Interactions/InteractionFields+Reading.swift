/// Reading `InteractionFields` from a JSON object, collecting every error with its path.
extension InteractionFields {
    /// The fields in `object`. `now` is the default `occurredAt` and the bound it may not pass by
    /// more than `allowedFutureSkew`; nil reads a stored interaction (no default, no clock check).
    public static func read(from object: JSONObject, now: Timestamp?) throws(FieldErrors) -> InteractionFields {
        var reader = ObjectReader(object)
        reader.rejectReadOnly(readOnlyKeys)
        let kind = reader.enumValue("type", as: Kind.self, required: true)
        var fields = InteractionFields(kind: kind ?? .note, occurredAt: now ?? Timestamp(millisecondsSinceEpoch: 0))
        fields.direction = reader.enumValue("direction", as: Direction.self)
        fields.channel = reader.string("channel", maxLength: maxChannelLength)
        fields.subject = reader.string("subject", maxLength: maxSubjectLength)
        fields.body = reader.string("body", maxLength: maxBodyLength)
        if let occurred = reader.timestamp("occurredAt", required: now == nil) {
            if let now, occurred > now + allowedFutureSkew {
                reader.record(.invalidValue("occurredAt", "must not be more than 5 minutes in the future"))
            }
            fields.occurredAt = occurred
        }
        fields.metadata = reader.scalarMap("metadata", maxCount: maxMetadata)
        if kind == .purchase {
            readPurchase(&reader, into: &fields)
        } else {
            rejectMoney(&reader)
        }
        try reader.finish()
        return fields
    }

    /// A purchase needs `currency` and `amount` or `items`; without `amount` it is the items' sum.
    private static func readPurchase(_ reader: inout ObjectReader, into fields: inout InteractionFields) {
        let amount = reader.int("amount", in: 0...Int.max)
        let currency = reader.string("currency", required: true)
        let items = reader.objectArray("items", maxCount: maxItems) { child in
            readItem(&child)
        }?.compactMap { $0 } ?? []
        fields.items = items
        guard let currency else { return }
        guard Money.isValidCurrency(currency) else {
            reader.record(.invalidValue("currency", "must be an ISO 4217 currency code such as EUR"))
            return
        }
        if let amount {
            fields.purchase = Money(amount: Int64(amount), currency: currency)
        } else if !items.isEmpty {
            guard let sum = total(of: items) else {
                reader.record(.invalidValue("items", "the total of quantity × unitPrice is too large"))
                return
            }
            fields.purchase = Money(amount: sum, currency: currency)
        } else if reader.errors.isEmpty {
            reader.record(FieldError(field: "amount", code: "required", message: "a purchase needs amount or items"))
        }
    }

    private static func readItem(_ child: inout ObjectReader) -> Item? {
        let sku = child.string("sku", maxLength: 64)
        let name = child.string("name", maxLength: 200)
        let quantity = child.int("quantity", in: 1...1_000_000, required: true)
        let unitPrice = child.int("unitPrice", in: 0...Int.max, required: true)
        if sku == nil && name == nil && child.errors.isEmpty {
            child.record(FieldError(field: child.fieldPath("sku"), code: "required", message: "an item needs a sku or a name"))
        }
        guard let quantity, let unitPrice else { return nil }
        return Item(sku: sku, name: name, quantity: quantity, unitPrice: Int64(unitPrice))
    }

    /// Σ quantity × unitPrice, or nil on overflow.
    static func total(of items: [Item]) -> Int64? {
        var sum: Int64 = 0
        for item in items {
            let (line, lineOverflow) = Int64(item.quantity).multipliedReportingOverflow(by: item.unitPrice)
            let (next, sumOverflow) = sum.addingReportingOverflow(line)
            if lineOverflow || sumOverflow { return nil }
            sum = next
        }
        return sum
    }

    /// Money belongs to purchases only; an empty `items` list or `null`s are accepted.
    private static func rejectMoney(_ reader: inout ObjectReader) {
        for key in ["amount", "currency", "items"] {
            guard let value = reader.value(key) else { continue }
            if case .array(let elements) = value, elements.isEmpty { continue }
            reader.record(.invalidValue(key, "only a purchase carries amount, currency and items"))
        }
    }
}

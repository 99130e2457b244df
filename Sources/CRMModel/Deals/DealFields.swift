/// The part of a deal a client writes (SPEC §3 "Deals"), validated as a whole: creation reads it
/// from the body; PATCH applies the merge patch to the current fields and reads the result again.
/// Whether `stage` exists and what it means (won, lost) is the pipeline's business, checked by the
/// deals service.
public struct DealFields: Sendable, Equatable {
    public var name = ""
    public var contactId: ContactID?
    /// Minor units of `currency`; 0 when the client has not named a value yet.
    public var amount = Money(amount: 0, currency: "USD")!
    /// Nil on creation means the pipeline's first open stage.
    public var stage: String?
    public var ownerId: String?
    public var expectedCloseDate: CalendarDate?
    public var lostReason: String?

    public init() {}

    public static let maxNameLength = 200
    public static let maxLostReasonLength = 1_000
    /// Fields only the server sets; sending them is 422 `read_only`.
    public static let readOnlyKeys = ["id", "closedAt", "stageHistory", "probability", "createdAt", "updatedAt", "version"]

    /// The fields in `object`; throws every problem at once (unknown, read-only, invalid).
    public static func read(from object: JSONObject) throws(FieldErrors) -> DealFields {
        var reader = ObjectReader(object)
        reader.rejectReadOnly(readOnlyKeys)
        var fields = DealFields()
        fields.name = reader.string("name", maxLength: maxNameLength, required: true) ?? ""
        if fields.name.isEmpty && reader.errors.isEmpty { reader.record(.invalidValue("name", "must not be empty")) }
        fields.contactId = reader.id("contactId", as: ContactID.self, required: true)
        let amount = reader.int("amount", in: 0...Int(Int64.max))
        let currency = reader.string("currency", maxLength: 3)
        if let currency, !Money.isValidCurrency(currency) {
            reader.record(.invalidValue("currency", "must be an ISO 4217 currency code such as EUR"))
        } else if let amount, amount > 0, currency == nil {
            reader.record(FieldError(field: "currency", code: "required", message: "is required with an amount"))
        } else if let money = Money(amount: Int64(amount ?? 0), currency: currency ?? "USD") {
            fields.amount = money
        }
        if let stage = reader.string("stage", maxLength: Pipeline.maxKeyLength) {
            if Pipeline.isValidKey(stage) { fields.stage = stage } else {
                reader.record(.invalidValue("stage", "must be a stage key of the pipeline"))
            }
        }
        fields.ownerId = reader.string("ownerId", maxLength: 64)
        fields.expectedCloseDate = reader.date("expectedCloseDate")
        fields.lostReason = reader.string("lostReason", maxLength: maxLostReasonLength)
        try reader.finish()
        return fields
    }

    /// The writable members, as `write` and merge patches see them.
    public func writeMembers(to writer: inout JSONWriter) {
        writer.field("name", name)
        writer.field("contactId", contactId)
        writer.moneyFields(amount)
        writer.field("stage", stage)
        writer.field("ownerId", ownerId)
        writer.field("expectedCloseDate", expectedCloseDate?.description)
        writer.field("lostReason", lostReason)
    }
}

extension DealFields: JSONMembersWriting {}

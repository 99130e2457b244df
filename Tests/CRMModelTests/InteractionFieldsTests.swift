import Testing
@testable import CRMModel

@Suite struct InteractionFieldsTests {
    static let now = Timestamp(rfc3339: "2026-11-22T12:00:00Z")!

    func read(_ json: String, now: Timestamp? = InteractionFieldsTests.now) throws -> InteractionFields {
        guard case .object(let object) = try JSONParser().parse(json) else { throw FieldErrors([]) }
        return try InteractionFields.read(from: object, now: now)
    }

    func errors(_ json: String) -> Set<String> {
        do {
            _ = try read(json)
            return []
        } catch let failure as FieldErrors {
            return Set(failure.errors.map { "\($0.field):\($0.code)" })
        } catch {
            return ["?:\(error)"]
        }
    }

    @Test func readsACallAndDefaultsOccurredAtToNow() throws {
        let fields = try read(#"{"type":"call","direction":"inbound","channel":"phone","subject":"Hi","metadata":{"agent":"a1","minutes":4}}"#)
        #expect(fields.kind == .call)
        #expect(fields.direction == .inbound)
        #expect(fields.occurredAt == Self.now)
        #expect(fields.purchase == nil)
        #expect(fields.metadata["minutes"] == .number(JSONNumber(4)))
        #expect(try read(#"{"type":"web_visit"}"#).kind == .webVisit)
    }

    @Test func purchaseAmountIsGivenOrTheSumOfItems() throws {
        let summed = try read(#"{"type":"purchase","currency":"EUR","items":[{"sku":"A","quantity":2,"unitPrice":999},{"name":"B","quantity":1,"unitPrice":2}]}"#)
        #expect(summed.purchase == Money(amount: 2000, currency: "EUR"))
        #expect(summed.items.count == 2)
        let given = try read(#"{"type":"purchase","amount":1500,"currency":"USD","items":[{"sku":"A","quantity":2,"unitPrice":999}]}"#)
        #expect(given.purchase == Money(amount: 1500, currency: "USD"))
        #expect(try read(#"{"type":"purchase","amount":0,"currency":"JPY"}"#).purchase?.amount == 0)
    }

    @Test func reportsEveryPurchaseProblemWithPaths() {
        #expect(errors(#"{"type":"purchase","currency":"EUR"}"#) == ["amount:required"])
        #expect(errors(#"{"type":"purchase","amount":5}"#) == ["currency:required"])
        #expect(errors(#"{"type":"purchase","amount":-5,"currency":"eur"}"#) == ["amount:invalid_value", "currency:invalid_value"])
        #expect(errors(#"{"type":"purchase","currency":"EUR","items":[{"quantity":0,"unitPrice":-1},{"sku":"A"},{"quantity":1,"unitPrice":1}]}"#)
            == ["items[0].quantity:invalid_value", "items[0].unitPrice:invalid_value", "items[1].quantity:required",
                "items[1].unitPrice:required", "items[2].sku:required"])
        #expect(errors(#"{"type":"purchase","currency":"EUR","items":[{"sku":"A","quantity":1000000,"unitPrice":9223372036854775807}]}"#)
            == ["items:invalid_value"])
        #expect(errors(#"{"type":"purchase","currency":"EUR","items":[{"sku":"A","quantity":1,"unitPrice":1,"colour":"red"}]}"#)
            == ["items[0].colour:unknown_field"])
    }

    @Test func onlyPurchasesCarryMoney() throws {
        #expect(errors(#"{"type":"call","amount":5,"currency":"EUR","items":[{"sku":"A","quantity":1,"unitPrice":1}]}"#)
            == ["amount:invalid_value", "currency:invalid_value", "items:invalid_value"])
        #expect(try read(#"{"type":"note","amount":null,"currency":null,"items":[]}"#).purchase == nil)
    }

    @Test func refusesUnknownReadOnlyAndBadValues() {
        #expect(errors(#"{"direction":"sideways","id":"ix_1","contactId":"ct_1","createdAt":"x","mood":"ok"}"#)
            == ["type:required", "direction:invalid_value", "id:read_only", "contactId:read_only", "createdAt:read_only", "mood:unknown_field"])
        #expect(errors(#"{"type":"fax"}"#) == ["type:invalid_value"])
        #expect(errors(#"{"type":"note","occurredAt":"yesterday"}"#) == ["occurredAt:invalid_value"])
        #expect(errors(#"{"type":"note","subject":"\#(String(repeating: "s", count: 501))"}"#) == ["subject:too_long"])
        #expect(errors(#"{"type":"note","metadata":{"a":[1]}}"#) == ["metadata.a:invalid_value"])
        let many = (0...100).map { #""k\#($0)":1"# }.joined(separator: ",")
        #expect(errors(#"{"type":"note","metadata":{\#(many)}}"#) == ["metadata:too_many"])
    }

    @Test func occurredAtMayNotLieMoreThanFiveMinutesAhead() throws {
        #expect(try read(#"{"type":"note","occurredAt":"2026-11-22T12:04:59Z"}"#).occurredAt == Timestamp(rfc3339: "2026-11-22T12:04:59Z"))
        #expect(errors(#"{"type":"note","occurredAt":"2026-11-22T12:05:01Z"}"#) == ["occurredAt:invalid_value"])
        #expect(try read(#"{"type":"note","occurredAt":"2019-03-01T00:00:00Z"}"#).occurredAt == Timestamp(rfc3339: "2019-03-01T00:00:00Z"))
    }

    @Test func storedInteractionsReadBackWithoutAClockCheck() throws {
        var fields = try read(#"{"type":"purchase","currency":"EUR","items":[{"sku":"A","quantity":3,"unitPrice":100}],"metadata":{"x":true}}"#)
        fields.occurredAt = Timestamp(rfc3339: "2099-01-01T00:00:00Z")!
        let interaction = Interaction(id: InteractionID.make(), contactId: ContactID.make(), fields: fields, createdAt: Self.now)
        guard case .object(let stored) = try JSONParser().parse(interaction.jsonBytes) else { Issue.record("not an object"); return }
        #expect(Interaction(stored: stored) == interaction)
    }
}

import CRMModel
import Foundation
import Testing

@Suite struct MoneyTests {
    @Test func acceptsThreeUpperCaseLetters() {
        #expect(Money(amount: 1999, currency: "EUR")?.description == "1999 EUR")
        #expect(Money(amount: -500, currency: "JPY")?.amount == -500)
        for code in ["eur", "EU", "EURO", "E1R", "ÉUR", "", " EUR", "€"] {
            #expect(Money(amount: 1, currency: code) == nil, "accepted \(code)")
        }
    }

    @Test func addsOnlyTheSameCurrencyWithoutOverflow() {
        let euros = Money(amount: 1999, currency: "EUR")!
        #expect(euros.adding(euros) == Money(amount: 3998, currency: "EUR"))
        #expect(euros.adding(Money(amount: 1, currency: "USD")!) == nil)
        #expect(Money(amount: .max, currency: "EUR")!.adding(euros) == nil)
    }

    @Test func codesValidatingTheCurrency() throws {
        let money = Money(amount: 1999, currency: "EUR")!
        #expect(try JSONDecoder().decode(Money.self, from: try JSONEncoder().encode(money)) == money)
        let bad = Foundation.Data(#"{"amount":1,"currency":"eur"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Money.self, from: bad) }
    }

    @Test func readsFromTwoMembers() throws {
        var reader = ObjectReader(try JSONParser().parse(#"{"amount":1999,"currency":"EUR"}"#).objectValue!)
        #expect(reader.money() == Money(amount: 1999, currency: "EUR"))
        #expect(reader.errors.isEmpty)

        var absent = ObjectReader([:])
        #expect(absent.money() == nil)
        #expect(absent.errors.isEmpty)

        var requiredAbsent = ObjectReader([:])
        _ = requiredAbsent.money(required: true)
        #expect(requiredAbsent.errors.map(\.field) == ["amount", "currency"])

        var half = ObjectReader(["amount": 5])
        _ = half.money()
        #expect(half.errors == [.required("currency")])

        var wrong = ObjectReader(["amount": 1.5, "currency": "eur"])
        _ = wrong.money()
        #expect(wrong.errors.map(\.code) == ["invalid_type"])
        var badCode = ObjectReader(["amount": 5, "currency": "eur"])
        _ = badCode.money()
        #expect(badCode.errors.map(\.code) == ["invalid_value"])
    }

    @Test func writesAmountAndCurrencyMembers() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.moneyFields(Money(amount: 1999, currency: "EUR")!)
        writer.endObject()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"amount":1999,"currency":"EUR"}"#)
    }
}

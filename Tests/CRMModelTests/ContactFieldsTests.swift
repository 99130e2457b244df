import Testing
@testable import CRMModel

@Suite struct ContactFieldsTests {
    func read(_ json: String) throws -> ContactFields {
        guard case .object(let object) = try JSONParser().parse(json) else { throw FieldErrors([]) }
        return try ContactFields.read(from: object)
    }

    func errors(_ json: String) -> [FieldError] {
        do {
            _ = try read(json)
            return []
        } catch let failure as FieldErrors {
            return failure.errors
        } catch {
            return [FieldError(field: "?", code: "?", message: "\(error)")]
        }
    }

    @Test func readsAFullContact() throws {
        let fields = try read("""
        {"email":"Anna@Example.com","firstName":"Anna","phone":"+1 (415) 555-0123","tags":["vip","vip","b2b"],
         "address":{"city":"Berlin"},"socialHandles":{"x":"@anna"},"lifecycleStage":"customer",
         "customFields":{"plan":"pro","seats":5,"trial":false},"consent":{"email":true}}
        """)
        #expect(fields.email == "Anna@Example.com")
        #expect(fields.phone == "+14155550123")
        #expect(fields.tags == ["vip", "b2b"])
        #expect(fields.address?.city == "Berlin")
        #expect(fields.lifecycleStage == .customer)
        #expect(fields.consent == ContactFields.Consent(email: true, sms: false))
    }

    @Test func defaultsStageAndConsent() throws {
        let fields = try read(#"{"externalId":"crm-1"}"#)
        #expect(fields.lifecycleStage == .lead)
        #expect(fields.consent == ContactFields.Consent())
    }

    @Test func reportsEveryProblemWithItsPath() {
        let found = errors("""
        {"id":"ct_x","email":"not-an-email","phone":"4155550123","lifecycleStage":"vip","tags":[""],
         "address":{"planet":"Mars"},"customFields":{"deep":{"a":1}},"nickname":"A"}
        """)
        let pairs = Set(found.map { "\($0.field):\($0.code)" })
        #expect(pairs == ["id:read_only", "email:invalid_value", "phone:invalid_value", "lifecycleStage:invalid_value",
                          "tags[0]:invalid_value", "address.planet:unknown_field", "customFields.deep:invalid_value",
                          "nickname:unknown_field"])
    }

    @Test func needsAnIdentifier() {
        #expect(errors(#"{"firstName":"Anna"}"#).map(\.code) == ["required"])
    }

    @Test func enforcesLimits() {
        let name = String(repeating: "n", count: 201)
        #expect(errors(#"{"email":"a@b.co","firstName":"\#(name)"}"#).map(\.code) == ["too_long"])
        let tags = (0..<51).map { "\"t\($0)\"" }.joined(separator: ",")
        #expect(errors(#"{"email":"a@b.co","tags":[\#(tags)]}"#).map(\.code) == ["too_many"])
    }

    @Test func roundTripsThroughItsJSON() throws {
        let fields = try read(#"{"email":"a@b.co","tags":["x"],"socialHandles":{"x":"@a"},"customFields":{"n":1.5}}"#)
        #expect(try ContactFields.read(from: fields.jsonObject) == fields)
    }

    @Test(arguments: ["+4930123456", "0049 30 123456", "+49 (30) 123-456"])
    func normalisesPhones(text: String) throws {
        #expect(try PhoneNumber.normalize(text).get() == "+4930123456")
    }

    @Test(arguments: ["a@b.co", "first.last+tag@sub.example.org", "o'brien@example.ie"])
    func acceptsEmails(text: String) { #expect(EmailAddress.isValid(text)) }

    @Test(arguments: ["a@b", "@b.co", "a..b@c.co", "a@-b.co", "a b@c.co", "a@1.2.3.4", ".a@b.co"])
    func rejectsEmails(text: String) { #expect(!EmailAddress.isValid(text)) }
}

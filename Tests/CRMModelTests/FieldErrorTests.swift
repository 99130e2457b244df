import CRMModel
import Foundation
import Testing

@Suite struct FieldErrorTests {
    @Test func factoriesUseTheDocumentedCodes() {
        let errors: [FieldError] = [
            .unknownField("x"), .readOnly("id"), .required("name"), .invalidType("age", expected: "an integer"),
            .invalidValue("email", "must be an email address"), .tooLong("name", maximum: 5), .tooMany("tags", maximum: 2),
        ]
        #expect(errors.map(\.code) == [
            "unknown_field", "read_only", "required", "invalid_type", "invalid_value", "too_long", "too_many",
        ])
        #expect(errors[3].message == "must be an integer")
        #expect(errors[5].message == "must be at most 5 characters")
        #expect(errors[6].message == "must have at most 2 elements")
    }

    @Test func writesAsAProblemDetailsEntry() throws {
        var writer = JSONWriter()
        writer.fieldError(.required("address.city"))
        #expect(String(decoding: writer.bytes, as: UTF8.self)
            == #"{"field":"address.city","code":"required","message":"is required"}"#)
        let coded = try JSONEncoder().encode(FieldError.readOnly("id"))
        #expect(try JSONDecoder().decode(FieldError.self, from: coded) == .readOnly("id"))
    }

    @Test func collectionDescribesEveryError() {
        let errors = FieldErrors([.required("a"), .readOnly("b")])
        #expect(errors.description == "a: is required (required); b: is read-only (read_only)")
    }
}

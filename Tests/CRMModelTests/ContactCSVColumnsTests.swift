@testable import CRMModel
import Testing

@Suite struct ContactCSVColumnsTests {
    @Test func headerNamesAreMatchedIgnoringCaseAndSpaces() throws {
        let columns = try ContactCSVColumns(header: [" Email", "FIRSTNAME", "address.City", "customFields.Plan", "socialHandles.x", "consent.SMS"])
        #expect(columns.columns == [.member("email"), .member("firstName"), .address("city"), .customField("Plan"), .socialHandle("x"), .consent("sms")])
    }

    @Test func unknownRepeatedAndKeylessHeadersAreErrorsNamingTheColumn() {
        #expect(throws: FieldErrors([FieldError(field: "columns[2]", code: "unknown_field",
                                                message: "'colour' is not a contact column; accepted: \(ContactCSVColumns.fixedNames.joined(separator: ", ")), customFields.<key>, socialHandles.<network>")])) {
            try ContactCSVColumns(header: ["email", "colour"])
        }
        #expect(throws: FieldErrors.self) { try ContactCSVColumns(header: ["email", "Email"]) }
        #expect(throws: FieldErrors.self) { try ContactCSVColumns(header: ["address.planet", "email"]) }
        #expect(throws: FieldErrors([FieldError(field: "columns", code: "required", message: "the header needs one of email, phone, externalId")])) {
            try ContactCSVColumns(header: ["firstName"])
        }
    }

    @Test func cellsBecomeAMergePatch() throws {
        let columns = try ContactCSVColumns(header: ["email", "tags", "address.city", "consent.email", "customFields.n", "customFields.s", "firstName"])
        let patch = try columns.patch(from: ["a@x.io", " vip ; b\\;c;; ", "Oslo", "YES", "42", "\"42\"", ""])
        #expect(patch == [
            "email": "a@x.io", "tags": ["vip", "b;c"], "address": ["city": "Oslo"], "consent": ["email": true],
            "customFields": ["n": 42, "s": "42"],
        ])
        #expect(throws: FieldErrors.self) { try columns.patch(from: ["a@x.io"]) }
        #expect(throws: FieldErrors([.invalidValue("consent.email", "must be true or false, not 'maybe'")])) {
            try columns.patch(from: ["a@x.io", "", "", "maybe", "", "", ""])
        }
    }

    @Test func exportCellsImportBackToTheSameFields() throws {
        var fields = ContactFields()
        fields.email = "a@x.io"
        fields.lastName = "Lee, Jr."
        fields.tags = ["plain", "semi;colon", "back\\slash"]
        fields.customFields = ["n": 1.5, "s": "true", "e": "", "z": nil, "q": "\"quoted", "t": "text"]
        fields.socialHandles = ["x": "@ann"]
        fields.consent = .init(email: true, sms: false)
        fields.address = .init(city: "Oslo")
        fields.lifecycleStage = .customer
        let columns = ContactCSVColumns.export(socialNetworks: fields.socialHandles.keys, customFieldKeys: fields.customFields.keys)
        let read = try ContactFields.read(from: try columns.patch(from: columns.cells(of: fields)))
        #expect(read == fields)
    }
}

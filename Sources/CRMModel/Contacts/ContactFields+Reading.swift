/// Reading `ContactFields` from a JSON object with every rule of SPEC §3, collecting all errors.
extension ContactFields {
    /// The fields in `object`; throws every problem at once (unknown, read-only, invalid).
    public static func read(from object: JSONObject) throws(FieldErrors) -> ContactFields {
        var reader = ObjectReader(object)
        reader.rejectReadOnly(readOnlyKeys)
        var fields = ContactFields()
        if let email = reader.string("email", maxLength: 254) {
            if EmailAddress.isValid(email) { fields.email = email } else {
                reader.record(.invalidValue("email", "must be an email address such as anna@example.com"))
            }
        }
        fields.firstName = reader.string("firstName", maxLength: maxNameLength)
        fields.lastName = reader.string("lastName", maxLength: maxNameLength)
        if let phone = reader.string("phone", maxLength: 64) {
            switch PhoneNumber.normalize(phone) {
            case .success(let normalized): fields.phone = normalized
            case .failure(.missingCountryCode):
                reader.record(.invalidValue("phone", "must start with + and a country code, e.g. +14155550123"))
            case .failure(.invalidCharacter(let character)):
                reader.record(.invalidValue("phone", "contains '\(character)'; use digits, spaces, dashes and a leading +"))
            case .failure(.wrongLength(let count)):
                reader.record(.invalidValue("phone", "has \(count) digits; E.164 numbers have 8 to 15"))
            }
        }
        fields.company = reader.string("company", maxLength: maxNameLength)
        fields.title = reader.string("title", maxLength: maxNameLength)
        fields.address = reader.object("address") { child in
            Address(street: child.string("street", maxLength: 500), city: child.string("city", maxLength: maxNameLength),
                    region: child.string("region", maxLength: maxNameLength),
                    postalCode: child.string("postalCode", maxLength: 32), country: child.string("country", maxLength: maxNameLength))
        }.flatMap { $0.isEmpty ? nil : $0 }
        fields.socialHandles = readHandles(&reader)
        fields.preferredChannel = reader.enumValue("preferredChannel", as: Channel.self)
        fields.lifecycleStage = reader.enumValue("lifecycleStage", as: LifecycleStage.self) ?? .lead
        fields.ownerId = reader.string("ownerId", maxLength: 64)
        fields.tags = reader.uniqueTags("tags", maxCount: maxTags, maxLength: maxTagLength)
        fields.customFields = reader.scalarMap("customFields", maxCount: maxCustomFields)
        fields.consent = reader.object("consent") { child in
            Consent(email: child.bool("email") ?? false, sms: child.bool("sms") ?? false)
        } ?? Consent()
        fields.externalId = reader.string("externalId", maxLength: 200)
        if fields.email == nil && fields.phone == nil && fields.externalId == nil && reader.errors.isEmpty {
            reader.record(FieldError(field: "email", code: "required", message: "a contact needs at least one of email, phone, externalId"))
        }
        try reader.finish()
        return fields
    }

    private static func readHandles(_ reader: inout ObjectReader) -> [String: String] {
        guard let value = reader.value("socialHandles") else { return [:] }
        guard case .object(let handles) = value else {
            reader.record(.invalidType("socialHandles", expected: "an object of network: handle"))
            return [:]
        }
        var result: [String: String] = [:]
        for (network, handle) in handles {
            guard case .string(let text) = handle, !text.isEmpty, text.count <= 200, !network.isEmpty, network.count <= 64 else {
                reader.record(.invalidValue("socialHandles.\(network)", "must be a non-empty string of at most 200 characters"))
                continue
            }
            result[network] = text
        }
        return result
    }
}

import CRMModel
@testable import CRMServices
import Testing

/// The byte-level ASCII split gives exactly what the Unicode path gives.
@Suite struct ContactSearchTokensTests {
    @Test(arguments: ["Anna-Lee O'Brien", "anne.x+tag@Example.COM", "Stark Industries 2", "  ", "", "x", "ÄNNA Müller", "Zoë@café.fr", "a1_b2--C3"])
    func asciiAndUnicodePathsAgree(text: String) {
        let unicode = text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        #expect(ContactSearchTokens.words(text) == unicode)
    }
}

/// The in-place matcher gives the same verdict as matching against the token set.
@Suite struct ContactSearchMatchingTests {
    @Test func inPlaceMatchingAgreesWithTheTokenSet() {
        var fields = ContactFields()
        fields.firstName = "Anna-Lee"
        fields.lastName = "O'Brien"
        fields.company = "Stark Industries 2"
        fields.email = "anne.x+tag@Example.COM"
        fields.phone = "+14155550123"
        let tokens = ContactSearchTokens.tokens(of: fields)
        let queries: [[String]] = [["ann"], ["anna"], ["lee"], ["brien"], ["o"], ["stark", "ind"], ["2"], ["anne.x"], ["anne.x+tag@ex"],
                                   ["example"], ["com"], ["4155"], ["14155"], ["5550123"], ["555"], ["zz"], ["anna", "zz"], ["tag"],
                                   ["x"], ["industries2"], ["anne.x+tag@example.comm"], ["0123"]]
        for query in queries {
            #expect(ContactSearchTokens.matches(query, fields: fields) == ContactSearchTokens.matches(query, tokens), "\(query)")
        }
        var unicode = fields
        unicode.lastName = "Müller"
        #expect(ContactSearchTokens.matches(["mül"], fields: unicode))
        #expect(!ContactSearchTokens.matches(["mul"], fields: unicode))
    }
}

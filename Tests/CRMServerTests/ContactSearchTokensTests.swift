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

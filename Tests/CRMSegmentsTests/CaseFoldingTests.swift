@testable import CRMSegments
import Testing

@Suite struct CaseFoldingTests {
    @Test func asciiTextIsFoldedWithoutLowercasingIt() {
        #expect(CaseFolding.equals("Anna@Example.COM", lowercasedPattern: "anna@example.com"))
        #expect(!CaseFolding.equals("Anna@Example.COM", lowercasedPattern: "anna@example.co"))
        #expect(!CaseFolding.equals("anna", lowercasedPattern: "annA"))  // patterns arrive lower case
        #expect(CaseFolding.contains("Acme Corp", lowercasedPattern: "me c"))
        #expect(CaseFolding.contains("Acme", lowercasedPattern: "acme"))
        #expect(!CaseFolding.contains("Acme", lowercasedPattern: "acmes"))
        #expect(CaseFolding.hasPrefix("Acme", lowercasedPattern: "ac"))
        #expect(!CaseFolding.hasPrefix("Acme", lowercasedPattern: "cm"))
        #expect(!CaseFolding.contains("[]", lowercasedPattern: "{}"))  // 0x5B/0x5D are not capitals
        #expect(!CaseFolding.contains("Munchen", lowercasedPattern: "münchen"))
    }

    @Test func nonASCIITextFallsBackToUnicodeLowercasing() {
        #expect(CaseFolding.equals("MÜNCHEN", lowercasedPattern: "münchen"))
        #expect(CaseFolding.contains("Straße in MÜNCHEN", lowercasedPattern: "ße in mü"))
        #expect(CaseFolding.hasPrefix("Ökonomin", lowercasedPattern: "öko"))
        #expect(CaseFolding.equals("\u{212A}elvin", lowercasedPattern: "kelvin"))  // KELVIN SIGN lowercases to k
    }

    @Test func lowercasedCopiesOnlyWhenItMust() {
        #expect(CaseFolding.lowercased("anna@example.com") == "anna@example.com")
        #expect(CaseFolding.lowercased("Anna@Example.COM") == "anna@example.com")
        #expect(CaseFolding.lowercased("ÉLAN") == "élan")
    }
}

import CRMModel
import Testing

@Suite struct JSONNumberTests {
    @Test(arguments: ["0", "-0", "12", "-3.25", "1e10", "1E+2", "2.5e-3", "9223372036854775807"])
    func validLiteralsAreKept(literal: String) {
        #expect(JSONNumber(literal: literal)?.literal == literal)
    }

    @Test(arguments: ["", "-", "01", "+1", "1.", ".5", "1e", "1e+", "NaN", "Infinity", "0x10", " 1", "1 "])
    func invalidLiteralsAreRefused(literal: String) {
        #expect(JSONNumber(literal: literal) == nil)
    }

    @Test func int64ReadsOnlyIntegersInRange() {
        #expect(JSONNumber(literal: "42")?.int64 == 42)
        #expect(JSONNumber(literal: "-0")?.int64 == 0)
        #expect(JSONNumber(literal: "9223372036854775807")?.int64 == .max)
        #expect(JSONNumber(literal: "-9223372036854775808")?.int64 == .min)
        #expect(JSONNumber(literal: "9223372036854775808")?.int64 == nil)
        #expect(JSONNumber(literal: "-9223372036854775809")?.int64 == nil)
        #expect(JSONNumber(literal: "1.0")?.int64 == nil)
        #expect(JSONNumber(literal: "1e2")?.int64 == nil)
    }

    @Test func isIntegerMeansNoFractionOrExponent() {
        #expect(JSONNumber(7).isInteger)
        #expect(JSONNumber(literal: "-12")?.isInteger == true)
        #expect(JSONNumber(literal: "1.0")?.isInteger == false)
        #expect(JSONNumber(literal: "1E3")?.isInteger == false)
    }

    @Test func doubleReadsAnyLiteral() {
        #expect(JSONNumber(literal: "2.5e-3")?.double == 0.0025)
        #expect(JSONNumber(literal: "-0")?.double == 0)
        #expect(JSONNumber(literal: "1e400")?.double == .infinity)
    }

    @Test func doublesBecomeShortestRoundTripLiterals() {
        #expect(JSONNumber(0.1)?.literal == "0.1")
        #expect(JSONNumber(1.0)?.literal == "1.0")
        #expect(JSONNumber(Double.nan) == nil)
        #expect(JSONNumber(-Double.infinity) == nil)
        for value in [0.1, 1.0 / 3, 1e-300, 123456789.125, -2.5e21, Double.leastNonzeroMagnitude] {
            #expect(JSONNumber(value)?.double == value)
        }
    }

    @Test func equalityIsLiteralEquality() {
        #expect(JSONNumber(1) == JSONNumber(literal: "1"))
        #expect(JSONNumber(1) != JSONNumber(literal: "1.0"))
    }
}

import CRMTestSupport
import Testing
@testable import CRMModel

/// The numbers behind campaigns: the weighted variant split and the pooled two-proportion z-test.
@Suite struct CampaignMathTests {
    /// 10,000 generated contact ids: each variant's share is within 2 percentage points of its weight.
    @Test func variantSplitFollowsTheWeights() {
        var random = SeededGenerator(seed: 20_261_130)
        let campaign = "cp_01JD6Y9Q3W4TQ8ZK2M7N5B1C0X"
        let weights = [50, 30, 20]
        var counts = [0, 0, 0]
        for _ in 0..<10_000 {
            let ulid = ULID(milliseconds: 1_760_000_000_000 + random.next() % 86_400_000,
                            randomness: UInt128(random.next()) << 16 | UInt128(random.next() & 0xFFFF))
            let contact = ContactID(ulid).description
            let index = VariantAssignment.variant(campaign: campaign, contact: contact, weights: weights)!
            #expect(VariantAssignment.variant(campaign: campaign, contact: contact, weights: weights) == index, "deterministic")
            counts[index] += 1
        }
        for (index, weight) in weights.enumerated() {
            let share = Double(counts[index]) / 10_000
            #expect(abs(share - Double(weight) / 100) <= 0.02, "variant \(index): \(share) for weight \(weight)")
        }
    }

    @Test func zeroWeightsAreNeverChosenAndAllZeroIsRefused() {
        for hash in stride(from: UInt64(0), to: 1_000, by: 7) {
            #expect(VariantAssignment.pick(weights: [0, 3, 0, 1], hash: hash) != 0)
            #expect(VariantAssignment.pick(weights: [0, 3, 0, 1], hash: hash) != 2)
        }
        #expect(VariantAssignment.pick(weights: [0, 0], hash: 42) == nil)
        // ticket = hash mod 4: 0–2 → the first variant (weight 3), 3 → the second (weight 1).
        #expect(VariantAssignment.pick(weights: [3, 1], hash: 2) == 0)
        #expect(VariantAssignment.pick(weights: [3, 1], hash: 3) == 1)
        #expect(VariantAssignment.pick(weights: [3, 1], hash: 7) == 1)
    }

    /// Worked by hand: 200 of 1,000 converted against 150 of 1,000.
    ///   p1 = 0.2, p2 = 0.15, pooled p = 350 / 2000 = 0.175
    ///   standard error = sqrt(0.175 × 0.825 × (1/1000 + 1/1000)) = sqrt(0.000288750) = 0.0169926
    ///   z = (0.2 − 0.15) / 0.0169926 = 2.94245
    ///   p-value = erfc(2.94245 / √2) = 2 × (1 − Φ(2.94245)) = 0.0032563
    @Test func pooledZTestMatchesAHandComputedExample() throws {
        let test = try #require(TwoProportionTest(successes1: 200, trials1: 1000, successes2: 150, trials2: 1000))
        #expect(abs(test.z - 2.94245) < 0.0001)
        #expect(abs(test.pValue - 0.0032563) < 0.000001)
        #expect(test.isSignificant())
        let reversed = try #require(TwoProportionTest(successes1: 150, trials1: 1000, successes2: 200, trials2: 1000))
        #expect(abs(reversed.z + 2.94245) < 0.0001)
        #expect(abs(reversed.pValue - test.pValue) < 1e-12)
    }

    /// 30/400 against 20/380: pooled p = 50/780 = 0.0641026, SE = 0.0175460, z = 1.27485,
    /// p = 0.20236 — not significant.
    @Test func smallDifferencesAreNotSignificant() throws {
        let test = try #require(TwoProportionTest(successes1: 30, trials1: 400, successes2: 20, trials2: 380))
        #expect(abs(test.z - 1.27485) < 0.0001)
        #expect(abs(test.pValue - 0.20236) < 0.00001)
        #expect(!test.isSignificant())
    }

    @Test func degenerateInputs() throws {
        let none = try #require(TwoProportionTest(successes1: 0, trials1: 10, successes2: 0, trials2: 20))
        #expect(none.z == 0 && none.pValue == 1)
        let all = try #require(TwoProportionTest(successes1: 10, trials1: 10, successes2: 20, trials2: 20))
        #expect(all.z == 0 && all.pValue == 1)
        #expect(TwoProportionTest(successes1: 1, trials1: 0, successes2: 0, trials2: 5) == nil)
        #expect(TwoProportionTest(successes1: 6, trials1: 5, successes2: 0, trials2: 5) == nil)
    }
}

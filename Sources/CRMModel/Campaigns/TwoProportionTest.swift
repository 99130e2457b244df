import Foundation

/// The pooled two-proportion z-test, two-sided (SPEC §6), used to compare the conversion rates of
/// two campaign variants:
///
///     p1 = x1 / n1,  p2 = x2 / n2,  p = (x1 + x2) / (n1 + n2)
///     z  = (p1 − p2) / sqrt(p · (1 − p) · (1/n1 + 1/n2))
///     p-value = 2 · (1 − Φ(|z|)) = erfc(|z| / √2)
///
/// When `p` is 0 or 1 (no or every trial succeeded) the rates are equal and there is nothing to
/// test: z = 0 and the p-value is 1. Needs n1 > 0 and n2 > 0.
public struct TwoProportionTest: Sendable, Equatable {
    public var z: Double
    public var pValue: Double

    public init?(successes1: Int, trials1: Int, successes2: Int, trials2: Int) {
        guard trials1 > 0, trials2 > 0, (0...trials1).contains(successes1), (0...trials2).contains(successes2) else { return nil }
        let n1 = Double(trials1), n2 = Double(trials2)
        let p1 = Double(successes1) / n1, p2 = Double(successes2) / n2
        let pooled = Double(successes1 + successes2) / (n1 + n2)
        let variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
        guard variance > 0 else {
            z = 0
            pValue = 1
            return
        }
        z = (p1 - p2) / variance.squareRoot()
        pValue = erfc(abs(z) / 2.0.squareRoot())
    }

    /// Whether the difference is significant at `level` (0.05 by default).
    public func isSignificant(at level: Double = 0.05) -> Bool {
        pValue < level
    }
}

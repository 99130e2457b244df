import Foundation

/// SplitMix64 (Steele, Lea, Flood 2014): a small, fast generator whose sequence is fixed by its
/// seed, so `crm seed --seed N` writes the same data set on every machine.
struct SeedRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// Uniform in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self)
    }

    /// A long-tailed pick in 0..<count: low numbers are far more likely (u^exponent).
    mutating func longTail(_ count: Int, exponent: Double = 2.5) -> Int {
        min(count - 1, Int(Double(count) * pow(unit(), exponent)))
    }
}

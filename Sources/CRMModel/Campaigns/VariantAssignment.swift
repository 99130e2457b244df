/// Which A/B variant a recipient gets: a deterministic weighted choice from a hash of the campaign
/// and contact ids, so a relaunch, a resumed launch or a test computes the same answer.
///
///     h      = fmix64(FNV-1a-64(UTF-8 of "<campaign id>:<contact id>"))
///     ticket = h mod (sum of weights)
///     variant = the first variant (in the campaign's order) whose running weight sum exceeds ticket
///
/// FNV-1a 64 (offset basis 0xcbf29ce484222325, prime 0x100000001b3) is followed by MurmurHash3's
/// 64-bit finalizer (`fmix64`), which spreads every input bit over the low bits that `mod` reads
/// (plain FNV-1a leaves the low bits of similar ids correlated). Weights are integers ≥ 0 with a
/// positive sum; a variant of weight 0 is never chosen. The bias of `mod` is below 2⁻⁴⁰.
public enum VariantAssignment {
    public static func hash(campaign: String, contact: String) -> UInt64 {
        var state: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in campaign.utf8 { state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        state = (state ^ UInt64(UInt8(ascii: ":"))) &* 0x0000_0100_0000_01b3
        for byte in contact.utf8 { state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return fmix64(state)
    }

    /// MurmurHash3's finalizer: every input bit affects every output bit.
    static func fmix64(_ value: UInt64) -> UInt64 {
        var mixed = value
        mixed ^= mixed >> 33
        mixed &*= 0xff51_afd7_ed55_8ccd
        mixed ^= mixed >> 33
        mixed &*= 0xc4ce_b9fe_1a85_ec53
        mixed ^= mixed >> 33
        return mixed
    }

    /// The index of the chosen variant; nil when the weights do not sum to more than 0.
    public static func pick(weights: [Int], hash: UInt64) -> Int? {
        let total = weights.reduce(0) { $0 + max(0, $1) }
        guard total > 0 else { return nil }
        let ticket = Int(hash % UInt64(total))
        var running = 0
        for (position, weight) in weights.enumerated() where weight > 0 {
            running += weight
            if ticket < running { return position }
        }
        return nil
    }

    /// The variant index for one recipient.
    public static func variant(campaign: String, contact: String, weights: [Int]) -> Int? {
        pick(weights: weights, hash: hash(campaign: campaign, contact: contact))
    }
}

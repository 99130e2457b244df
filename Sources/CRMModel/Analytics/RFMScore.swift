/// A customer's recency, frequency and monetary scores (1–5 each) and the segment they put the
/// customer in (SPEC §3 "Analytics").
public struct RFMScore: Sendable, Equatable {
    public enum Segment: String, Sendable, CaseIterable {
        case champions, loyal, new, potentialLoyalist = "potential_loyalist", atRisk = "at_risk", hibernating
        case needAttention = "need_attention"

        /// The first rule that matches: champions (R≥4, F≥4), loyal (F≥4), new (R≥4, F=1),
        /// potential_loyalist (R≥4), at_risk (R≤2, F≥3), hibernating (R≤2, F≤2), need_attention.
        public init(r: Int, f: Int) {
            if r >= 4 && f >= 4 { self = .champions }
            else if f >= 4 { self = .loyal }
            else if r >= 4 && f == 1 { self = .new }
            else if r >= 4 { self = .potentialLoyalist }
            else if r <= 2 && f >= 3 { self = .atRisk }
            else if r <= 2 && f <= 2 { self = .hibernating }
            else { self = .needAttention }
        }
    }

    /// Scores 1–5 kept in a byte each: every contact in memory carries an optional score.
    private let scores: (r: UInt8, f: UInt8, m: UInt8)
    public let segment: Segment

    public var r: Int { Int(scores.r) }
    public var f: Int { Int(scores.f) }
    public var m: Int { Int(scores.m) }

    public init(r: Int, f: Int, m: Int) {
        scores = (UInt8(clamping: r), UInt8(clamping: f), UInt8(clamping: m))
        segment = Segment(r: r, f: f)
    }

    public static func == (lhs: RFMScore, rhs: RFMScore) -> Bool {
        lhs.scores == rhs.scores && lhs.segment == rhs.segment
    }

    /// The score of a value given how many of `total` customers are strictly worse:
    /// 1 + ⌊5 × worse ÷ total⌋, capped at 5.
    public static func score(worse: Int, total: Int) -> Int {
        guard total > 0 else { return 1 }
        return min(5, 1 + (5 * worse) / total)
    }

    /// `{"r", "f", "m", "segment"}`.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("r", r)
        writer.field("f", f)
        writer.field("m", m)
        writer.field("segment", segment.rawValue)
        writer.endObject()
    }
}

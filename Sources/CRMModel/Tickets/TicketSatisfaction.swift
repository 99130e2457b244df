/// The customer's rating of a solved ticket (CSAT, SPEC §3): a score from 1 to 5, an optional
/// comment, and when it was given. Rating again replaces the earlier rating.
public struct TicketSatisfaction: Sendable, Equatable {
    public var score: Int
    public var comment: String?
    public var ratedAt: Timestamp

    public init(score: Int, comment: String?, ratedAt: Timestamp) {
        self.score = score
        self.comment = comment
        self.ratedAt = ratedAt
    }

    public static let scores = 1...5
    public static let maxCommentLength = 5_000

    /// The body of `POST /v1/tickets/{id}/satisfaction`: `{score, comment?}`.
    public static func read(from object: JSONObject, ratedAt: Timestamp) throws(FieldErrors) -> TicketSatisfaction {
        var reader = ObjectReader(object)
        reader.rejectReadOnly(["ratedAt"])
        let score = reader.int("score", in: scores, required: true)
        let comment = reader.string("comment", maxLength: maxCommentLength)
        try reader.finish()
        return TicketSatisfaction(score: score ?? scores.lowerBound, comment: comment, ratedAt: ratedAt)
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("score", score)
        writer.field("comment", comment)
        writer.field("ratedAt", ratedAt)
        writer.endObject()
    }

    init?(stored object: JSONObject) {
        guard let score = object["score"]?.numberValue?.int64,
              let ratedAt = object["ratedAt"]?.stringValue.flatMap({ Timestamp(rfc3339: $0) }) else { return nil }
        self.init(score: Int(score), comment: object["comment"]?.stringValue, ratedAt: ratedAt)
    }
}

import CRMModel

/// What writing a deal's fields does to its stage, close time and history, against the pipeline:
/// the stage must exist; entering the won or lost stage sets `closedAt`; lost needs a `lostReason`;
/// moving back to an open stage (reopening) clears `closedAt` and `lostReason`; a `lostReason` on a
/// deal that is not lost is refused. Every stage change appends (stage, now) to the history.
enum DealStageRules {
    /// The deal `fields` make of `current` (nil on creation) at `now`. `sentLostReason`: the request
    /// itself names a lost reason (not just keeps the old one).
    static func deal(id: DealID, fields: DealFields, current: Deal?, sentLostReason: Bool, pipeline: Pipeline,
                     now: Timestamp) throws(FieldErrors) -> Deal {
        var fields = fields
        let stage = fields.stage ?? current?.stage ?? pipeline.firstOpenStage
        guard let outcome = pipeline.outcome(of: stage) else {
            throw FieldErrors([.invalidValue("stage", "'\(stage)' is not a stage of the pipeline (\(pipeline.stages.map(\.key).joined(separator: ", ")))")])
        }
        fields.stage = stage
        let isStageChange = current?.stage != stage
        switch outcome {
        case .lost:
            if fields.lostReason?.isEmpty ?? true {
                throw FieldErrors([FieldError(field: "lostReason", code: "required", message: "is required to move a deal to the lost stage '\(stage)'")])
            }
        case .won, .open:
            if fields.lostReason != nil {
                if sentLostReason || !isStageChange {
                    throw FieldErrors([.invalidValue("lostReason", "only a deal in the lost stage has one; '\(stage)' is \(outcome.rawValue)")])
                }
                fields.lostReason = nil  // reopened or won: the old reason no longer applies
            }
        }
        var history = current?.stageHistory ?? []
        var closedAt = current?.closedAt
        if isStageChange {
            history.append(Deal.StageEntry(stage: stage, enteredAt: now))
            closedAt = outcome == .open ? nil : now
        }
        return Deal(id: id, fields: fields, closedAt: closedAt, stageHistory: history, createdAt: current?.createdAt ?? now,
                    updatedAt: now, version: (current?.version ?? 0) + 1)
    }
}

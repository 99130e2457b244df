import CRMModel
import CRMStore

/// One deal per ten contacts, opened after the contact was created and moved through the default
/// pipeline's open stages over the following weeks; most that got far enough are won or lost. Deal
/// `n` is named `Deal n` and belongs to contact `10 n`.
enum SeedDeals {
    /// The deals of every tenth contact, made in chunks on every core (`SeedChunks`).
    static func write(_ plan: DemoDataPlan, contacts: [(id: ContactID, createdAt: Int64)], into log: SeedLog) async throws -> Int {
        let count = (contacts.count + 9) / 10
        try await SeedChunks.append(count, phase: .deals, seed: plan.seed, into: log) { indices, random in
            (try encode(indices, contacts: contacts, plan: plan, random: &random), ())
        } use: { _ in }
        return count
    }

    /// The records of deals `indices` (deal `n` belongs to contact `10 n`).
    private static func encode(_ indices: Range<Int>, contacts: [(id: ContactID, createdAt: Int64)], plan: DemoDataPlan,
                               random: inout SeedRandom) throws -> EncodedRecords {
        let pipeline = Pipeline.standard
        let open = pipeline.stages.filter { pipeline.outcome(of: $0.key) == .open }.map(\.key)
        let now = plan.now.millisecondsSinceEpoch
        var batch = SeedLog.emptyBatch()
        for number in indices {
            let contact = contacts[number * 10]
            let createdAt = contact.createdAt + Int64(random.unit() * Double(now - contact.createdAt) * 0.5)
            var at = createdAt
            var history = [Deal.StageEntry(stage: open[0], enteredAt: Timestamp(millisecondsSinceEpoch: at))]
            let reach = random.int(0...(open.count - 1))
            for stage in open.dropFirst().prefix(reach) {
                at += Int64(random.int(1...30)) * 86_400_000
                if at > now { break }
                history.append(Deal.StageEntry(stage: stage, enteredAt: Timestamp(millisecondsSinceEpoch: at)))
            }
            var fields = DealFields()
            fields.name = "Deal \(number)"
            fields.contactId = contact.id
            fields.amount = Money(amount: Int64(random.int(10...1_000)) * 10_000, currency: "EUR")!
            fields.ownerId = "owner-\(random.int(1...12))"
            var closedAt: Timestamp?
            let closeAt = at + Int64(random.int(1...20)) * 86_400_000
            if history.count >= 3, closeAt <= now, random.chance(0.7) {
                let won = random.chance(0.45)
                history.append(Deal.StageEntry(stage: won ? pipeline.wonStage : pipeline.lostStage, enteredAt: Timestamp(millisecondsSinceEpoch: closeAt)))
                closedAt = Timestamp(millisecondsSinceEpoch: closeAt)
                if !won { fields.lostReason = ["price", "timing", "competitor", "no budget"][random.int(0...3)] }
            } else {
                let days = Int64(random.int(7...180))
                let close = Timestamp(millisecondsSinceEpoch: now + days * 86_400_000)
                fields.expectedCloseDate = CalendarDate(close)
            }
            fields.stage = history.last!.stage
            let updatedAt = history.last!.enteredAt
            let id = DealID(ULID(milliseconds: UInt64(createdAt), randomness: UInt128(random.next())))
            let deal = Deal(id: id, fields: fields, closedAt: closedAt, stageHistory: history,
                            createdAt: Timestamp(millisecondsSinceEpoch: createdAt), updatedAt: updatedAt, version: history.count)
            try batch.appendPut(type: "deal", writeId: id.appendText) { $0.append(contentsOf: deal.storedBytes) }
        }
        return batch
    }
}

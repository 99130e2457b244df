import CRMModel
import CRMStore

/// The seed's interactions — five in six of its records — made in chunks on every core
/// (`SeedChunks`) and appended in time order.
enum SeedInteractions {
    /// One interaction to write: when, whose (an index into the contacts) and what kind.
    struct Event: Sendable {
        var at: Int64
        var contact: Int32
        var kind: UInt8
    }

    static let kinds: [InteractionFields.Kind] = [.purchase, .email, .webVisit, .call, .chat, .meeting]
    /// "email about pricing", …: each kind's subject for each topic, made once.
    static let subjects = kinds.map { kind in SeedCatalogue.topics.map { "\(kind.rawValue) about \($0)" } }

    /// `events` sorted by time, ties kept in their order: a stable least-significant-digit radix sort
    /// on the time since the earliest, 12 bits a pass (three passes for two years of milliseconds;
    /// the standard library's comparison sort took ~0.4 s for five million events).
    static func inTimeOrder(_ events: [Event]) -> [Event] {
        guard let earliest = events.min(by: { $0.at < $1.at })?.at, let latest = events.max(by: { $0.at < $1.at })?.at else {
            return events
        }
        let digitBits = 12
        let mask = UInt64(1 << digitBits - 1)
        let spanBits = UInt64(latest - earliest).bitWidth - UInt64(latest - earliest).leadingZeroBitCount
        var source = events
        var target = [Event](repeating: Event(at: 0, contact: 0, kind: 0), count: events.count)
        var counts = [Int](repeating: 0, count: 1 << digitBits)
        var shift = 0
        while shift < spanBits {
            source.withUnsafeBufferPointer { from in
                target.withUnsafeMutableBufferPointer { to in
                    counts.withUnsafeMutableBufferPointer { counts in
                        for index in counts.indices { counts[index] = 0 }
                        for event in from { counts[Int(UInt64(event.at - earliest) >> UInt64(shift) & mask)] += 1 }
                        var start = 0
                        for index in counts.indices {
                            let count = counts[index]
                            counts[index] = start
                            start += count
                        }
                        for event in from {
                            let digit = Int(UInt64(event.at - earliest) >> UInt64(shift) & mask)
                            to[counts[digit]] = event
                            counts[digit] += 1
                        }
                    }
                }
            }
            swap(&source, &target)
            shift += digitBits
        }
        return source
    }

    /// Writes `events` (in time order) for `contacts`; answers how many were purchases.
    static func write(_ events: [Event], contacts: [ContactID], plan: DemoDataPlan, into log: SeedLog) async throws -> Int {
        var purchases = 0
        let catalogue = SeedCatalogue(products: plan.products)
        try await SeedChunks.append(events.count, phase: .interactions, seed: plan.seed, into: log) { range, random in
            try encode(events[range], contacts: contacts, catalogue: catalogue, random: &random)
        } use: { purchases += $0 }
        return purchases
    }

    /// The records of `events`, and how many of them are purchases.
    private static func encode(_ events: ArraySlice<Event>, contacts: [ContactID], catalogue: SeedCatalogue,
                               random: inout SeedRandom) throws -> (EncodedRecords, Int) {
        var batch = SeedLog.emptyBatch()
        var purchases = 0
        for event in events {
            let id = InteractionID(ULID(milliseconds: UInt64(event.at), randomness: UInt128(random.next())))
            let kind = kinds[Int(event.kind)]
            var fields = InteractionFields(kind: kind, occurredAt: Timestamp(millisecondsSinceEpoch: event.at))
            if kind == .purchase {
                fields.items = catalogue.basket(&random)
                fields.purchase = Money(amount: fields.items.reduce(0) { $0 + Int64($1.quantity) * $1.unitPrice },
                                        currency: random.chance(0.95) ? "EUR" : "USD")
                fields.channel = random.chance(0.7) ? "web" : "store"
                purchases += 1
            } else {
                fields.direction = random.chance(0.5) ? .inbound : .outbound
                fields.subject = subjects[Int(event.kind)][random.int(0...(SeedCatalogue.topics.count - 1))]
            }
            let interaction = Interaction(id: id, contactId: contacts[Int(event.contact)], fields: fields,
                                          createdAt: Timestamp(millisecondsSinceEpoch: event.at))
            try batch.appendPut(type: "interaction", writeId: id.appendText) { bytes in
                var writer = JSONWriter(takingBytesFrom: &bytes)
                interaction.write(to: &writer)
                writer.returnBytes(to: &bytes)
            }
        }
        return (batch, purchases)
    }
}

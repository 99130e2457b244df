import CRMHTTP
import CRMModel
import CRMStore

/// Campaigns for `crm seed`: one completed A/B email campaign a month over the two years, each sent to
/// a sample of the contacts created before it who agreed to email; most messages delivered, some
/// opened, fewer clicked, a few converted (with a value) or bounced. Messages, their final state and
/// their events are written in id order, as a launch and its senders would have.
enum SeedCampaigns {
    typealias Counts = (campaigns: Int, messages: Int, events: Int)

    /// The campaigns, one a month, each made with its own random stream on every core
    /// (`SeedChunks`) and written in launch order.
    static func write(_ plan: DemoDataPlan, contacts: [(id: ContactID, createdAt: Int64, email: String?)],
                      into log: SeedLog) async throws -> Counts {
        let now = plan.now.millisecondsSinceEpoch
        let month: Int64 = 30 * 86_400_000
        let launches = Array(stride(from: plan.start + month, through: now - 7 * 86_400_000, by: Int(month)))
        let reachable = contacts.filter { $0.email != nil }
        var counts: Counts = (0, 0, 0)
        try await SeedChunks.inOrder(count: launches.count) { number in
            var random = SeedChunks.random(seed: plan.seed, phase: .campaigns, chunk: number)
            return try encode(number: number, launch: launches[number], reachable: reachable, random: &random)
        } use: { (campaign: (batch: EncodedRecords, counts: Counts)) in
            try await log.append(batch: campaign.batch)
            let made = campaign.counts
            counts = (counts.campaigns + made.campaigns, counts.messages + made.messages, counts.events + made.events)
        }
        return counts
    }

    /// Campaign `number` (0-based) launched at `launch`: its messages with their final state and
    /// events, then the campaign itself.
    private static func encode(number: Int, launch: Int64, reachable: [(id: ContactID, createdAt: Int64, email: String?)],
                               random: inout SeedRandom) throws -> (EncodedRecords, Counts) {
        var counts: Counts = (0, 0, 0)
        var batch = SeedLog.emptyBatch()
        let body = #"{"name":"Newsletter \#(number + 1)","channel":"email","filter":{"all":[{"field":"consent.email","op":"eq","value":true}]},"#
            + #""variants":[{"key":"A","subject":"News for {{firstName|you}}","body":"<p>Our news: <a href=\"https://shop.example.com/n\">read</a></p>","weight":1},"#
            + #"{"key":"B","subject":"{{firstName|Friend}}, this month","body":"<p><a href=\"https://shop.example.com/n\">This month</a></p>","weight":1}]}"#
        guard case .object(let object)? = try? JSONParser().parse(Array(body.utf8)),
              let fields = try? CampaignFields.read(from: object, policy: OutboundAddressPolicy(allowsPrivate: true)) else {
            throw StoreError.invalidRecord("the seed's campaign does not validate")
        }
        let campaignId = CampaignID(ULID(milliseconds: UInt64(launch - 86_400_000), randomness: UInt128(random.next())))
        var campaign = Campaign(id: campaignId, fields: fields, createdAt: Timestamp(millisecondsSinceEpoch: launch - 86_400_000))
        // The audience: contacts who existed at launch, about 1 in 60 of them.
        let existing = reachable.prefix { $0.createdAt < launch }
        var audience = existing.filter { _ in random.chance(1.0 / 60) }
        audience.sort { $0.id < $1.id }
        var messages: [(id: DeliveryID, contact: ContactID, email: String)] = audience.map {
            (DeliveryID(ULID(milliseconds: UInt64(launch), randomness: UInt128(random.next()))), $0.id, $0.email!)
        }
        messages.sort { $0.id < $1.id }
        for message in messages {
            let variant = VariantAssignment.variant(campaign: campaignId.description, contact: message.contact.description,
                                                    weights: [1, 1]) == 1 ? "B" : "A"
            let sent = Timestamp(millisecondsSinceEpoch: launch + Int64(random.int(1...3_600)) * 1_000)
            let rendered = CampaignMessage(id: message.id, campaignId: campaignId, contactId: message.contact, variant: variant,
                                           channel: .email, transport: "outbox", to: message.email,
                                           subject: variant == "A" ? "News for you" : "This month",
                                           body: "<p>Our news</p>", links: ["https://shop.example.com/n"],
                                           createdAt: Timestamp(millisecondsSinceEpoch: launch))
            try batch.appendPut(type: CampaignsState.messageType, writeId: message.id.appendText) {
                $0.append(contentsOf: rendered.storedBytes)
            }
            let bounced = random.chance(0.03)
            let progress = DeliveryProgress(deliveryId: message.id, state: bounced ? .bounced : .sent, claims: 1, updatedAt: sent)
            try batch.appendPut(type: CampaignsState.progressType, id: DeliveryProgress.entityId(of: message.id)) {
                $0.append(contentsOf: progress.storedBytes)
            }
            var kinds: [CampaignEventKind] = bounced ? [.bounced] : [.delivered]
            if !bounced && random.chance(variant == "A" ? 0.35 : 0.42) {
                kinds.append(.opened)
                if random.chance(0.3) {
                    kinds.append(.clicked)
                    if random.chance(variant == "A" ? 0.15 : 0.2) { kinds.append(.converted) }
                }
            }
            var at = sent.millisecondsSinceEpoch
            for kind in kinds {
                at += Int64(random.int(60...86_400)) * 1_000
                let event = CampaignEvent(id: CampaignEventID(ULID(milliseconds: UInt64(at), randomness: UInt128(random.next()))),
                                          campaignId: campaignId, deliveryId: message.id, contactId: message.contact, kind: kind,
                                          value: kind == .converted ? Int64(random.int(10...300)) * 100 : nil,
                                          url: kind == .clicked ? "https://shop.example.com/n" : nil,
                                          occurredAt: Timestamp(millisecondsSinceEpoch: at), source: "api",
                                          createdAt: Timestamp(millisecondsSinceEpoch: at))
                try batch.appendPut(type: CampaignsState.eventType, writeId: event.id.appendText) {
                    $0.append(contentsOf: event.jsonBytes)
                }
                counts.events += 1
            }
            counts.messages += 1
        }
        campaign.status = .completed
        campaign.launchedAt = Timestamp(millisecondsSinceEpoch: launch)
        campaign.completedAt = Timestamp(millisecondsSinceEpoch: launch + 3_600_000)
        campaign.recipientCount = messages.count
        campaign.updatedAt = campaign.completedAt!
        campaign.version = 3
        try batch.appendPut(type: CampaignsState.campaignType, writeId: campaignId.appendText) {
            $0.append(contentsOf: campaign.jsonBytes)
        }
        counts.campaigns += 1
        return (batch, counts)
    }
}

import CRMModel
import CRMStore

/// Support for `crm seed`: twelve agents with two skills each, and a ticket for every fifth contact,
/// opened after the contact was created, tagged with a topic and assigned to an agent with that
/// skill. Old tickets are mostly answered, solved and closed (some rated); recent ones are still in
/// progress. SLA flags follow the default policy. Written in creation order (ids grow with time).
enum SeedTickets {
    static let topics = ["billing", "shipping", "technical", "account"]

    static func write(_ plan: DemoDataPlan, contacts: [(id: ContactID, createdAt: Int64)], random: inout SeedRandom,
                      into log: SeedLog) async throws -> (tickets: Int, comments: Int) {
        let now = plan.now.millisecondsSinceEpoch
        var agents: [(id: AgentID, skills: [String])] = []
        for number in 0..<12 {
            let skills = [topics[number % topics.count], topics[(number / topics.count + number + 1) % topics.count]]
            let id = AgentID(ULID(milliseconds: UInt64(plan.start), randomness: UInt128(random.next())))
            let agent = Agent(id: id, fields: Agent.Fields(name: "Agent \(number + 1)", email: "agent\(number + 1).\(plan.seed)@support.example",
                                                           skills: Array(Set(skills)).sorted()),
                              createdAt: Timestamp(millisecondsSinceEpoch: plan.start))
            agents.append((id, agent.fields.skills))
            try await log.append("agent", id.description, agent.storedBytes)
        }
        var opened: [(at: Int64, contact: ContactID)] = []
        for (position, contact) in contacts.enumerated() where position % 5 == 2 {
            opened.append((contact.createdAt + Int64(random.unit() * Double(now - contact.createdAt)), contact.id))
        }
        opened.sort { $0.at < $1.at }
        let agentList = agents
        let openedList = opened
        var comments = 0
        // Up to two records per ticket (its first reply and itself): half a batch of tickets.
        try await SeedChunks.append(openedList.count, perBatch: SeedLog.batchSize / 2, phase: .tickets, seed: plan.seed,
                                    into: log) { indices, random in
            try encode(openedList, indices, agents: agentList, plan: plan, random: &random)
        } use: { comments += $0 }
        return (opened.count, comments)
    }

    /// The tickets (and first replies) of `opened[indices]`, numbered by position, and how many replies.
    private static func encode(_ opened: [(at: Int64, contact: ContactID)], _ indices: Range<Int>,
                               agents: [(id: AgentID, skills: [String])], plan: DemoDataPlan,
                               random: inout SeedRandom) throws -> (EncodedRecords, Int) {
        let now = plan.now.millisecondsSinceEpoch
        let priorities: [TicketPriority] = [.low, .normal, .normal, .normal, .high, .urgent]
        var batch = SeedLog.emptyBatch()
        var comments = 0
        for index in indices {
            let item = opened[index]
            let created = Timestamp(millisecondsSinceEpoch: item.at)
            let topic = topics[random.int(0...(topics.count - 1))]
            var fields = TicketFields(contactId: item.contact, subject: "Question about \(topic)")
            fields.description = "Hello, I have a question about \(topic)."
            fields.channel = TicketChannel.allCases[random.int(0...(TicketChannel.allCases.count - 1))]
            fields.priority = priorities[random.int(0...(priorities.count - 1))]
            fields.tags = [topic]
            let candidates = agents.filter { $0.skills.contains(topic) }
            fields.assigneeId = candidates[random.int(0...(candidates.count - 1))].id
            let id = TicketID(ULID(milliseconds: UInt64(item.at), randomness: UInt128(random.next())))
            var ticket = Ticket(id: id, number: 1001 + index, fields: fields,
                                sla: TicketSLA(createdAt: created, target: SLAPolicy.defaults.target(for: fields.priority)), createdAt: created)
            let age = now - item.at
            let minute: Int64 = 60_000
            let answered = item.at + Int64(random.int(5...2_000)) * minute
            if answered <= now && (age > 7 * 86_400_000 || random.chance(0.7)) {
                ticket.firstResponseAt = Timestamp(millisecondsSinceEpoch: answered)
                ticket.fields.status = .open
                let reply = TicketComment(id: TicketCommentID(ULID(milliseconds: UInt64(answered), randomness: UInt128(random.next()))),
                                          ticketId: id, fields: TicketComment.Fields(authorType: .agent, authorId: fields.assigneeId?.description,
                                                                                    body: "Thanks for writing, we are on it."),
                                          createdAt: Timestamp(millisecondsSinceEpoch: answered))
                try batch.appendPut(type: "ticket_comment", writeId: reply.id.appendText) { $0.append(contentsOf: reply.jsonBytes) }
                comments += 1
                let solved = answered + Int64(random.int(30...6_000)) * minute
                if solved <= now && (age > 7 * 86_400_000 ? random.chance(0.95) : random.chance(0.5)) {
                    ticket.fields.status = .solved
                    ticket.solvedAt = Timestamp(millisecondsSinceEpoch: solved)
                    let closes = solved + 4 * 86_400_000
                    if closes <= now {
                        ticket.fields.status = .closed
                        ticket.closedAt = Timestamp(millisecondsSinceEpoch: closes)
                    }
                    if random.chance(0.4) {
                        ticket.satisfaction = TicketSatisfaction(score: [1, 2, 3, 4, 4, 5, 5, 5][random.int(0...7)], comment: nil,
                                                                 ratedAt: Timestamp(millisecondsSinceEpoch: solved + minute))
                    }
                } else if random.chance(0.3) {
                    ticket.fields.status = .pending
                }
            }
            ticket.evaluateSLA(now: plan.now)
            ticket.updatedAt = ticket.closedAt ?? ticket.solvedAt ?? ticket.firstResponseAt ?? created
            try batch.appendPut(type: "ticket", writeId: id.appendText) { $0.append(contentsOf: ticket.jsonBytes) }
        }
        return (batch, comments)
    }
}

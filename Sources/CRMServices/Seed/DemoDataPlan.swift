import CRMModel

/// What `crm seed` generates, reproducibly from `seed`: `contacts` created evenly over the two years
/// before `now`; about `interactionsPerContact` interactions each (purchases of one to three items
/// from a long-tailed catalogue of `products`, emails, calls, chats, web visits), between the
/// contact's creation and now; one deal per ten contacts moving through the pipeline's stages; a
/// support ticket for every fifth contact; a completed A/B email campaign a month.
public struct DemoDataPlan: Sendable {
    public var seed: UInt64
    public var contacts: Int
    public var interactionsPerContact: Int
    public var products = 5_000
    public var now: Timestamp

    public init(seed: UInt64, contacts: Int, interactionsPerContact: Int, now: Timestamp = .now()) {
        self.seed = seed
        self.contacts = contacts
        self.interactionsPerContact = interactionsPerContact
        self.now = now
    }

    static let span: Int64 = 730 * 86_400_000
    var start: Int64 { now.millisecondsSinceEpoch - Self.span }
}

/// What a seed run wrote.
public struct DemoDataReport: Sendable, CustomStringConvertible {
    public var contacts = 0
    public var interactions = 0
    public var purchases = 0
    public var deals = 0
    public var extra: [String: Int] = [:]

    public var description: String {
        var parts = ["\(contacts) contacts", "\(interactions) interactions (\(purchases) purchases)", "\(deals) deals"]
        parts += extra.keys.sorted().map { "\(extra[$0]!) \($0)" }
        return parts.joined(separator: ", ")
    }
}

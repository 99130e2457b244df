// The reference server's contacts, held in memory only (no disk at all): what `crm` does for
// GET /v1/contacts/{id}, GET /v1/contacts?q= and POST /v1/contacts, written the way a Hummingbird
// app would (Codable in and out), so scripts/bench-contacts compares like with like.
import Foundation
import Hummingbird
import Synchronization

struct RefAddress: Codable, Sendable {
    var street: String?
    var city: String?
    var region: String?
    var postalCode: String?
    var country: String?
}

struct RefConsent: Codable, Sendable {
    var email: Bool
    var sms: Bool
}

/// A contact with the fields crm stores.
struct RefContact: Codable, Sendable, ResponseEncodable {
    var id: String
    var email: String?
    var firstName: String?
    var lastName: String?
    var phone: String?
    var company: String?
    var title: String?
    var address: RefAddress?
    var lifecycleStage: String
    var ownerId: String?
    var tags: [String]
    var consent: RefConsent
    var externalId: String?
    var leadScore: Int
    var createdAt: String
    var updatedAt: String
    var version: Int
}

/// What a client may send to create one.
struct RefContactInput: Decodable, Sendable {
    var email: String?
    var firstName: String?
    var lastName: String?
    var phone: String?
    var company: String?
    var title: String?
    var address: RefAddress?
    var lifecycleStage: String?
    var ownerId: String?
    var tags: [String]?
    var consent: RefConsent?
    var externalId: String?
}

struct RefContactPage: ResponseEncodable, Sendable {
    var data: [RefContact]
    var nextCursor: String?
}

final class ContactDirectory: Sendable {
    struct Tables {
        var byId: [String: RefContact] = [:]
        var byEmail: [String: String] = [:]
        /// First three characters of a word → ids, in creation order.
        var bySearchKey: [String: [String]] = [:]
    }

    private let tables = Mutex(Tables())
    static let stages: Set<String> = ["subscriber", "lead", "mql", "sql", "opportunity", "customer", "evangelist", "churned"]

    func load(ndjson path: String) throws -> Int {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let decoder = JSONDecoder()
        var count = 0
        for line in text.split(separator: "\n") where !line.isEmpty {
            let contact = try decoder.decode(RefContact.self, from: Data(line.utf8))
            tables.withLock { $0.insert(contact) }
            count += 1
        }
        return count
    }

    func contact(_ id: String) -> RefContact? {
        tables.withLock { $0.byId[id] }
    }

    func search(_ query: String, limit: Int) -> [RefContact] {
        let words = Self.words(query)
        let keyed = words.filter { $0.count >= 3 }
        return tables.withLock { tables in
            guard let rarest = keyed.map({ tables.bySearchKey[String($0.prefix(3))] ?? [] }).min(by: { $0.count < $1.count }) else {
                return Array(tables.byId.values.prefix(limit))
            }
            var found: [RefContact] = []
            for id in rarest {
                guard let contact = tables.byId[id] else { continue }
                let tokens = Self.tokens(contact)
                if words.allSatisfy({ word in tokens.contains { $0.hasPrefix(word) } }) {
                    found.append(contact)
                    if found.count == limit { break }
                }
            }
            return found
        }
    }

    enum CreateError: Error {
        case invalid(String)
        case duplicate(String)
    }

    func create(_ input: RefContactInput) throws(CreateError) -> RefContact {
        guard input.email != nil || input.phone != nil || input.externalId != nil else { throw .invalid("email, phone or externalId") }
        if let email = input.email, !(email.contains("@") && email.count <= 254) { throw .invalid("email") }
        if let stage = input.lifecycleStage, !Self.stages.contains(stage) { throw .invalid("lifecycleStage") }
        let now = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
        let contact = RefContact(id: "ct_" + Self.ulid(), email: input.email, firstName: input.firstName, lastName: input.lastName,
                                 phone: input.phone, company: input.company, title: input.title, address: input.address,
                                 lifecycleStage: input.lifecycleStage ?? "lead", ownerId: input.ownerId, tags: input.tags ?? [],
                                 consent: input.consent ?? RefConsent(email: false, sms: false), externalId: input.externalId,
                                 leadScore: 0, createdAt: now + "Z", updatedAt: now + "Z", version: 1)
        let owner: String? = tables.withLock { tables in
            if let email = contact.email?.lowercased(), let owner = tables.byEmail[email] { return owner }
            tables.insert(contact)
            return nil
        }
        if let owner { throw .duplicate(owner) }
        return contact
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    static func tokens(_ contact: RefContact) -> [String] {
        [contact.firstName, contact.lastName, contact.company, contact.email].compactMap { $0 }.flatMap(words)
    }

    static func ulid() -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        var millis = UInt64(Date().timeIntervalSince1970 * 1000)
        var time: [Character] = []
        for _ in 0..<10 {
            time.append(alphabet[Int(millis % 32)])
            millis /= 32
        }
        return String(time.reversed()) + String((0..<16).map { _ in alphabet[Int.random(in: 0..<32)] })
    }
}

extension ContactDirectory.Tables {
    mutating func insert(_ contact: RefContact) {
        byId[contact.id] = contact
        if let email = contact.email?.lowercased() { byEmail[email] = contact.id }
        for key in Set(ContactDirectory.tokens(contact).map { String($0.prefix(3)) }) where key.count == 3 {
            bySearchKey[key, default: []].append(contact.id)
        }
    }
}

/// Registers the three contact routes, each behind a bearer-key check.
func addContactRoutes(to router: Router<BasicRequestContext>, directory: ContactDirectory, key: String) {
    let expected = "Bearer " + key
    router.get("/v1/contacts/:id") { request, context -> RefContact in
        guard request.headers[.authorization] == expected else { throw HTTPError(.unauthorized) }
        let id = try context.parameters.require("id")
        guard let contact = directory.contact(id) else { throw HTTPError(.notFound) }
        return contact
    }
    router.get("/v1/contacts") { request, _ -> RefContactPage in
        guard request.headers[.authorization] == expected else { throw HTTPError(.unauthorized) }
        let limit = request.uri.queryParameters["limit"].flatMap { Int(String($0)) } ?? 50
        let query = request.uri.queryParameters["q"].map(String.init) ?? ""
        return RefContactPage(data: directory.search(query, limit: min(max(limit, 1), 500)), nextCursor: nil)
    }
    router.post("/v1/contacts") { request, context -> EditedResponse<RefContact> in
        guard request.headers[.authorization] == expected else { throw HTTPError(.unauthorized) }
        let input = try await request.decode(as: RefContactInput.self, context: context)
        do throws(ContactDirectory.CreateError) {
            let contact = try directory.create(input)
            return EditedResponse(status: .created, headers: [.location: "/v1/contacts/\(contact.id)"], response: contact)
        } catch .duplicate(let owner) {
            throw HTTPError(.conflict, message: "Contact \(owner) already has this email.")
        } catch .invalid(let field) {
            throw HTTPError(.unprocessableContent, message: "invalid \(field)")
        }
    }
}

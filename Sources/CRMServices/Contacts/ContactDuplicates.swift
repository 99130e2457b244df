import CRMModel

/// Likely duplicate pairs (SPEC §3): the same normalised email (case, and for Gmail dots and
/// `+tags`, ignored), the same phone, or the same first and last name at the same company.
/// One pass over the contacts with a dictionary per rule; pairs come sorted by (first id, second id).
struct DuplicatePair: Sendable {
    var first: ContactID
    var second: ContactID
    var reasons: [String]
}

enum ContactDuplicates {
    static func pairs(in tables: borrowing ContactTables) -> [DuplicatePair] {
        var groups: [String: [ContactID]] = [:]
        for id in tables.creationOrder {
            guard let contact = tables.byId[id] else { continue }
            for key in keys(contact.fields) { groups[key, default: []].append(id) }
        }
        var reasons: [PairKey: [String]] = [:]
        // A value shared by more than 50 contacts (a switchboard number) says nothing about duplicates.
        for (key, ids) in groups where ids.count > 1 && ids.count <= 50 {
            let reason = String(key.prefix { $0 != ":" })
            for (position, first) in ids.enumerated() {
                for second in ids[(position + 1)...] {
                    let pair = PairKey(first: min(first, second), second: max(first, second))
                    if reasons[pair]?.contains(reason) != true { reasons[pair, default: []].append(reason) }
                }
            }
        }
        return reasons.map { DuplicatePair(first: $0.key.first, second: $0.key.second, reasons: $0.value.sorted()) }
            .sorted { $0.first == $1.first ? $0.second < $1.second : $0.first < $1.first }
    }

    private struct PairKey: Hashable {
        var first: ContactID
        var second: ContactID
    }

    /// The grouping keys of one contact, each prefixed with its reason.
    static func keys(_ fields: ContactFields) -> [String] {
        var keys: [String] = []
        if let email = fields.email { keys.append("email:" + normalized(email: email)) }
        if let phone = fields.phone { keys.append("phone:" + phone) }
        if let first = fields.firstName?.lowercased(), let last = fields.lastName?.lowercased(), let company = fields.company?.lowercased(),
           !first.isEmpty, !last.isEmpty, !company.isEmpty {
            keys.append("name_and_company:" + first + "\u{1}" + last + "\u{1}" + company)
        }
        return keys
    }

    /// Lower case; `+tag` dropped from the local part; dots dropped too for Gmail addresses.
    static func normalized(email: String) -> String {
        let lowered = email.lowercased()
        guard let at = lowered.lastIndex(of: "@") else { return lowered }
        var local = String(lowered[..<at])
        let domain = String(lowered[lowered.index(after: at)...])
        if let plus = local.firstIndex(of: "+") { local = String(local[..<plus]) }
        if domain == "gmail.com" || domain == "googlemail.com" { local.removeAll { $0 == "." } }
        return local + "@" + (domain == "googlemail.com" ? "gmail.com" : domain)
    }
}

extension ContactsState {
    /// A page of duplicate pairs after `cursor` (`first:second` ids).
    func duplicatePairs(limit: Int, after cursor: (ContactID, ContactID)?) -> (pairs: [DuplicatePair], more: Bool) {
        let all = read { ContactDuplicates.pairs(in: $0) }
        let start = cursor.map { cursor in all.firstIndex { ($0.first, $0.second) > cursor } ?? all.count } ?? 0
        let page = Array(all[start...].prefix(limit))
        return (page, start + page.count < all.count)
    }
}

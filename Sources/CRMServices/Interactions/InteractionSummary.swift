import CRMModel

/// What the state keeps of one interaction: enough to order, count and filter interactions and to
/// work out a contact's facts again. The rest (subject, body, items, metadata) stays in the log and
/// is read back when an interaction is served (`InteractionReader`); purchases' money and products
/// are also in the `PurchaseLedger`.
///
/// 24 bytes: `occurredAt` (milliseconds; years 0000–9999 need 49 bits) and the type's position in
/// `Kind.allCases` share one word.
struct InteractionSummary: Equatable {
    let contactId: ContactID
    private let timeAndKind: Int64

    init(_ interaction: Interaction) {
        contactId = interaction.contactId
        let kind = InteractionFields.Kind.allCases.firstIndex(of: interaction.fields.kind) ?? 0
        timeAndKind = interaction.fields.occurredAt.millisecondsSinceEpoch << 8 | Int64(kind)
    }

    var occurredAt: Int64 { timeAndKind >> 8 }
    var kind: InteractionFields.Kind { InteractionFields.Kind.allCases[Int(timeAndKind & 0xFF)] }
}

/// An interaction to read in full: its id and the contact the state listed it under (a merge may
/// have moved it since, which the read notices).
struct InteractionRef: Equatable {
    var id: InteractionID
    var contactId: ContactID
}

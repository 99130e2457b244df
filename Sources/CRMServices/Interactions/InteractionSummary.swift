import CRMModel

/// What the state keeps of one interaction: enough to order, count and filter interactions and to
/// work out a contact's facts again. The rest (subject, body, items, metadata) stays in the log and
/// is read back when an interaction is served (`InteractionReader`); purchases' money and products
/// are also in the `PurchaseLedger`.
struct InteractionSummary: Equatable {
    var contactId: ContactID
    var occurredAt: Int64
    var kind: InteractionFields.Kind

    init(_ interaction: Interaction) {
        contactId = interaction.contactId
        occurredAt = interaction.fields.occurredAt.millisecondsSinceEpoch
        kind = interaction.fields.kind
    }
}

/// An interaction to read in full: its id and the contact the state listed it under (a merge may
/// have moved it since, which the read notices).
struct InteractionRef: Equatable {
    var id: InteractionID
    var contactId: ContactID
}

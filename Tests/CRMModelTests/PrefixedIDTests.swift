import CRMModel
import Foundation
import Testing

@Suite struct PrefixedIDTests {
    @Test func writesPrefixThenULID() {
        let ulid = ULID(milliseconds: 1_469_918_176_385, randomness: 0)
        #expect(ContactID(ulid).description == "ct_01ARYZ6S410000000000000000")
        #expect(APIKeyID(ulid).description == "key_01ARYZ6S410000000000000000")
    }

    @Test func everyResourceHasItsSpecPrefix() {
        let prefixes = [
            ContactIDPrefix.prefix, InteractionIDPrefix.prefix, TicketIDPrefix.prefix, TicketCommentIDPrefix.prefix,
            AgentIDPrefix.prefix, CampaignIDPrefix.prefix, SegmentIDPrefix.prefix, DeliveryIDPrefix.prefix,
            DealIDPrefix.prefix, WebhookIDPrefix.prefix, APIKeyIDPrefix.prefix,
        ]
        #expect(prefixes == ["ct_", "ix_", "tk_", "tc_", "ag_", "cp_", "sg_", "dv_", "dl_", "wh_", "key_"])
    }

    @Test func parsesItsOwnPrefixOnly() {
        let id = TicketID.make()
        #expect(TicketID(id.description) == id)
        #expect(ContactID(id.description) == nil)
        #expect(TicketID("tk_") == nil)
        #expect(TicketID("tk_01aryz6s410000000000000000") == nil)
        #expect(TicketID("TK_01ARYZ6S410000000000000000") == nil)
        #expect(TicketID("tk_01ARYZ6S410000000000000000x") == nil)
        #expect(TicketID("01ARYZ6S410000000000000000") == nil)
        #expect(APIKeyID("ke_01ARYZ6S410000000000000000") == nil)
    }

    @Test func madeIDsIncrease() {
        let ids = (0..<100).map { _ in DealID.make() }
        #expect(ids == ids.sorted())
        #expect(ids.map(\.description) == ids.map(\.description).sorted())
    }

    @Test func encodesAsAJSONString() throws {
        let id = ContactID.make()
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("id", id)
        writer.field("ownerId", nil as AgentID?)
        writer.endObject()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"id":"\#(id)","ownerId":null}"#)

        let coded = try JSONEncoder().encode([id])
        #expect(try JSONDecoder().decode([ContactID].self, from: coded) == [id])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([TicketID].self, from: coded) }
    }
}

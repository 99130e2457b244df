@testable import CRMServices
import CRMModel
import CRMStore
import Testing

/// Pure parts of webhooks: which record is which event, the payload surviving the store
/// byte for byte, the retry schedule, and the HMAC (RFC 4231 test case 2).
@Suite struct WebhookModelTests {
    static func record(_ type: String, _ op: RecordOp, _ data: String = "") -> Record {
        Record(seq: 7, timestamp: 1_700_000_000_000, type: type, id: "x", op: op, actor: "a", requestId: "r", data: Array(data.utf8))
    }

    @Test func recordsBecomeEvents() {
        #expect(WebhookPayload.event(for: Self.record("contact", .put, #"{"id":"c","version":1}"#)) == "contact.created")
        #expect(WebhookPayload.event(for: Self.record("contact", .put, #"{"id":"c","version":2}"#)) == "contact.updated")
        #expect(WebhookPayload.event(for: Self.record("contact", .delete)) == "contact.deleted")
        #expect(WebhookPayload.event(for: Self.record("contact", .erase)) == "contact.erased")
        #expect(WebhookPayload.event(for: Self.record("interaction", .put, "{}")) == "interaction.created")
        #expect(WebhookPayload.event(for: Self.record("interaction", .delete)) == "interaction.deleted")
        #expect(WebhookPayload.event(for: Self.record("apikey", .put, "{}")) == nil)
        #expect(WebhookPayload.event(for: Self.record(WebhooksState.deliveryType, .put, "{}")) == nil)
        #expect(WebhookEvent.matches(["*"], event: "contact.updated"))
        #expect(!WebhookEvent.matches(["contact.created"], event: "contact.updated"))
        #expect(WebhookEvent.matches(["contact.created"], event: "ping"))
    }

    @Test func theStoredDeliveryGivesBackTheSameBodyBytes() throws {
        let id = DeliveryID.make()
        let data = #"{"id":"ct_1","name":"Zoë \"Z\" \u0001","n":1.50,"big":12345678901234567890,"e":1e5,"nested":{"a":[true,null]}}"#
        let payload = WebhookPayload.bytes(delivery: id, event: "contact.updated", createdAt: Timestamp(millisecondsSinceEpoch: 1_700_000_000_123),
                                           entityId: "ct_1", seq: 9, data: Array(data.utf8))
        let delivery = WebhookDelivery(id: id, webhookId: WebhookID.make(), event: "contact.updated", payload: payload, state: .pending,
                                       attempts: [.init(at: Timestamp(millisecondsSinceEpoch: 5), status: nil, error: "timed out", durationMs: 10_000)],
                                       nextAttemptAt: Timestamp(millisecondsSinceEpoch: 6), createdAt: Timestamp(millisecondsSinceEpoch: 4))
        let stored = try #require(try JSONParser().parse(delivery.storedBytes).objectValue)
        let again = try #require(WebhookDelivery(stored: stored))
        #expect(again == delivery)
        #expect(again.payload == payload)
    }

    @Test func retriesFollowTheScheduleWithJitterThenStop() {
        let schedule = RetrySchedule()
        #expect(schedule.wait(afterAttempts: 1, jitter: 0) == .seconds(5))
        #expect(schedule.wait(afterAttempts: 8, jitter: 0) == .seconds(6 * 3600))
        #expect(schedule.wait(afterAttempts: 9) == nil)
        for attempts in 1...8 {
            let base = RetrySchedule.waits[attempts - 1]
            let wait = schedule.wait(afterAttempts: attempts) ?? .zero
            #expect(wait >= base * 0.9 && wait <= base * 1.1)
        }
        #expect(RetrySchedule(scale: 0.002).wait(afterAttempts: 1, jitter: 0) == .milliseconds(10))
        #expect(RetrySchedule.waits.reduce(.zero, +) >= .seconds(3600))
    }

    @Test func signaturesAreHMACSHA256() {
        let digest = WebhookSignature.hmacSHA256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(KeyDigest.hex(digest) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        let header = WebhookSignature.header(secret: "whsec_x", timestamp: 1_700_000_000, body: Array("{}".utf8))
        #expect(header.hasPrefix("t=1700000000,v1=") && header.count == "t=1700000000,v1=".count + 64)
        #expect(IndependentHMAC.verifies(header, secret: "whsec_x", body: Array("{}".utf8)))
    }
}

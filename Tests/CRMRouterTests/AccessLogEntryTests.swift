import CRMModel
import CRMRouter
import Testing

/// The access-log fields as JSON members and as text: durations in milliseconds from integers.
@Suite struct AccessLogEntryTests {
    static func entry(_ duration: Duration) -> AccessLogEntry {
        AccessLogEntry(method: "GET", route: "/v1/contacts/{id}", status: 200, duration: duration, peer: "127.0.0.1:5000",
                       requestId: "req_\"1")
    }

    @Test(arguments: [
        (Duration.microseconds(38), "0.038"), (.microseconds(12_500), "12.5"), (.seconds(3), "3000.0"),
        (.nanoseconds(1_234_500), "1.235"), (.nanoseconds(1_234_499), "1.234"), (.zero, "0.0"), (.microseconds(100), "0.1"),
    ])
    func writesMillisecondsWithUpToThreeDecimals(duration: Duration, text: String) {
        #expect(Self.entry(duration).description.contains(" ms=\(text) "))
    }

    @Test func writesItsMembersInKeyOrderWithEscaping() {
        var writer = JSONWriter(reservingCapacity: 64)
        writer.beginObject()
        writer.key("message"); writer.string("request")
        Self.entry(.microseconds(38)).writeMembers(to: &writer)
        writer.endObject()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"message":"request","method":"GET","ms":"0.038","#
            + #""peer":"127.0.0.1:5000","requestId":"req_\"1","route":"/v1/contacts/{id}","status":200}"#)
    }
}

import CRMModel
import CRMSegments
import Testing

@Suite struct SegmentFilterJSONTests {
    @Test func writesTheCanonicalForm() throws {
        let parsed = try filter(#"""
            { "any" : [ {"value": ["lead","mql"], "op": "in", "field": "lifecycleStage"},
                        {"all": [{"op":"after","field":"createdAt","value":"2026-11-01T09:30:00+01:00"},
                                 {"field":"lastPurchaseAt","op":"before","value":"-007d"},
                                 {"field":"updatedAt","op":"lte","value":"2026-11-01"},
                                 {"field":"totalSpent","op":"gte","value":1.5e3},
                                 {"field":"customFields.seats","op":"in","value":[2.50,true,"x\"y"]}]} ] }
            """#)
        #expect(parsed.canonicalJSON == #"{"any":[{"field":"lifecycleStage","op":"in","value":["lead","mql"]},"#
            + #"{"all":[{"field":"createdAt","op":"after","value":"2026-11-01T08:30:00.000Z"},"#
            + #"{"field":"lastPurchaseAt","op":"before","value":"-7d"},"#
            + #"{"field":"updatedAt","op":"lte","value":"2026-11-01"},"#
            + #"{"field":"totalSpent","op":"gte","value":1500},"#
            + #"{"field":"customFields.seats","op":"in","value":[2.5,true,"x\"y"]}]}]}"#)
    }

    @Test func canonicalJSONReadsBackAsTheSameFilter() throws {
        let samples = [
            #"{"all":[]}"#,
            single("email", "eq", #""Anna@Example.com""#),
            single("leadScore", "gt", "-0.125"),
            single("leadScore", "lt", "12345678901234567890"),
            single("consent.sms", "ne", "false"),
            single("tags", "nin", #"["a","b"]"#),
            single("customFields.plan", "exists", "false"),
            single("socialHandles.x", "prefix", #""@an""#),
            single("lastInteractionAt", "gte", #""+0h""#),
            #"{"any":[{"all":[{"any":[{"field":"rfmSegment","op":"in","value":["champions","loyal"]}]}]}]}"#,
        ]
        for sample in samples {
            let parsed = try filter(sample)
            let again = try SegmentFilter(parsing: parsed.jsonBytes)
            #expect(again == parsed, "\(sample)")
            #expect(again.canonicalJSON == parsed.canonicalJSON)
            #expect(try SegmentFilter(json: parsed.jsonValue) == parsed)
            #expect(try JSONParser().parse(parsed.jsonBytes) == parsed.jsonValue)
        }
    }

    @Test func writesIntoALargerDocument() throws {
        let segment = try filter(single("tags", "contains", #""vip""#))
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("name", "VIPs")
        writer.key("filter")
        segment.write(to: &writer)
        writer.endObject()
        #expect(String(decoding: writer.bytes, as: UTF8.self)
            == #"{"name":"VIPs","filter":{"all":[{"field":"tags","op":"contains","value":"vip"}]}}"#)
    }
}

import CRMModel
import Testing

@Suite struct MergePatchTests {
    /// RFC 7396 Appendix A: original, patch, result.
    static let appendixA: [(String, String, String)] = [
        (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
        (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
        (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
        (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
        (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
        (#"{"a":"foo"}"#, #"null"#, #"null"#),
        (#"{"a":"foo"}"#, #""bar""#, #""bar""#),
        (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
        (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
        (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
    ]

    private func json(_ text: String) -> JSONValue {
        (try? JSONParser().parse(text)) ?? .string("unparseable: \(text)")
    }

    @Test(arguments: appendixA.indices)
    func followsRFC7396AppendixA(row: Int) {
        let (original, patch, expected) = Self.appendixA[row]
        let result = MergePatch.apply(patch: json(patch), to: json(original))
        #expect(result == json(expected))
        #expect(result.description == expected, "member order: existing members stay, new ones append")
    }

    @Test func followsTheRFC7396SectionThreeExample() {
        let original = json(#"""
            {"title":"Goodbye!","author":{"givenName":"John","familyName":"Doe"},"tags":["example","sample"],"content":"This will be unchanged"}
            """#)
        let patch = json(#"{"title":"Hello!","phoneNumber":"+01-123-456-7890","author":{"familyName":null},"tags":["example"]}"#)
        let expected = json(#"""
            {"title":"Hello!","author":{"givenName":"John"},"tags":["example"],"content":"This will be unchanged","phoneNumber":"+01-123-456-7890"}
            """#)
        #expect(MergePatch.apply(patch: patch, to: original) == expected)
    }

    @Test func emptyPatchChangesNothing() {
        let original = json(#"{"a":{"b":[1,2]},"c":null}"#)
        #expect(MergePatch.apply(patch: [:], to: original) == original)
    }
}

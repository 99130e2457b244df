import CRMModel
import Foundation
import Testing

@Suite struct CursorTests {
    @Test func decodesWhatItEncodes() {
        let samples = [("", ""), ("2026-11-22T11:38:39.123Z", "ct_01ARYZ6S410000000000000000"), ("Ånna Lée 😀", "x"),
                       (String(repeating: "k", count: 300), "tk_01ARYZ6S410000000000000000")]
        for (sortKey, id) in samples {
            let cursor = Cursor.encode(sortKey: sortKey, id: id)
            #expect(Cursor.decode(cursor) == CursorPosition(sortKey: sortKey, id: id))
        }
    }

    @Test func isURLSafeBase64WithoutPadding() throws {
        let cursor = Cursor.encode(sortKey: "a?b/c+d", id: "ct_1")
        #expect(cursor.utf8.allSatisfy { $0.isASCIILetterOrDigit || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") })
        var standard = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        let decoded = Foundation.Data(base64Encoded: standard)
        let payload = try #require(decoded)
        #expect(Array(payload.prefix(2)) == [1, 7])  // version, sort key length
        #expect(String(decoding: payload.dropFirst(2).prefix(11), as: UTF8.self) == "a?b/c+dct_1")
    }

    @Test func refusesEveryOneCharacterEdit() {
        let cursor = Array(Cursor.encode(sortKey: "2026-11-22T11:38:39.123Z", id: "ct_01ARYZ6S410000000000000000"))
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var accepted = 0
        for position in cursor.indices {
            for replacement in alphabet where replacement != cursor[position] {
                var edited = cursor
                edited[position] = replacement
                if Cursor.decode(String(edited)) != nil { accepted += 1 }
            }
        }
        #expect(accepted == 0)
    }

    @Test(arguments: ["", "A", "AAAA", "AQ", "not a cursor", "AQAA=", "AQAAAAAA", "AQA+AAAA", String(repeating: "A", count: 5000)])
    func refusesGarbage(text: String) {
        #expect(Cursor.decode(text) == nil)
    }

    @Test func refusesTruncationAndExtension() {
        let cursor = Cursor.encode(sortKey: "key", id: "id")
        #expect(Cursor.decode(String(cursor.dropLast())) == nil)
        #expect(Cursor.decode(String(cursor.dropFirst())) == nil)
        #expect(Cursor.decode(cursor + "A") == nil)
    }
}

extension UInt8 {
    fileprivate var isASCIILetterOrDigit: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}

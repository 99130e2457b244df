import CRMModel
import CRMTestSupport
import Foundation
import Testing

/// Bounded, seeded fuzzing of `JSONParser` and `JSONWriter` together: random documents survive a
/// write–parse round trip, and random or mutated bytes never crash the parser.
@Suite struct JSONFuzzTests {
    private let parser = JSONParser()

    private func written(_ value: JSONValue) -> [UInt8] {
        var writer = JSONWriter()
        writer.value(value)
        return writer.bytes
    }

    @Test func randomValuesSurviveWriteThenParse() throws {
        var random = SeededGenerator(seed: 20_261_122)
        for _ in 0..<2_000 {
            let value = RandomJSON.value(depth: 4, using: &random)
            let bytes = written(value)
            let parsed = try parser.parse(bytes)
            #expect(parsed == value)
            #expect(written(parsed) == bytes)
        }
    }

    @Test func mutatedDocumentsNeverCrashAndAcceptedOnesAreSound() {
        var random = SeededGenerator(seed: 7)
        var accepted = 0
        for _ in 0..<5_000 {
            var bytes = written(RandomJSON.value(depth: 3, using: &random))
            for _ in 0..<Int.random(in: 1...4, using: &random) { RandomJSON.mutate(&bytes, using: &random) }
            guard let value = try? parser.parse(bytes) else { continue }
            accepted += 1
            // Whatever we accept, a second trip keeps, and Foundation (which is laxer, except
            // that it refuses numbers beyond Double's range) accepts too.
            #expect((try? parser.parse(written(value))) == value)
            guard !Self.holdsNumberBeyondDouble(value) else { continue }
            let foundationAccepts = (try? JSONSerialization.jsonObject(with: Foundation.Data(bytes), options: .fragmentsAllowed)) != nil
            #expect(foundationAccepts, "JSONSerialization refused what we accepted: \(String(decoding: bytes, as: UTF8.self))")
        }
        #expect(accepted > 0)
    }

    @Test func randomBytesNeverCrash() {
        var random = SeededGenerator(seed: 99)
        let alphabet = Array(#"{}[],:"\ 0123456789-+.eEtrufalsn"#.utf8) + [0x00, 0x0A, 0x1F, 0x7F, 0x80, 0xC3, 0xA9, 0xED, 0xF0, 0xFF]
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...40, using: &random)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &random)! }
            if let error = (Self.rejection(of: bytes, by: parser)) {
                #expect(error.offset <= bytes.count)
                #expect(error.line >= 1 && error.column >= 1)
            }
        }
    }

    private static func holdsNumberBeyondDouble(_ value: JSONValue) -> Bool {
        switch value {
        case .number(let number): !number.double.isFinite
        case .array(let elements): elements.contains(where: holdsNumberBeyondDouble)
        case .object(let object): object.contains { holdsNumberBeyondDouble($0.value) }
        default: false
        }
    }

    private static func rejection(of bytes: [UInt8], by parser: JSONParser) -> JSONSyntaxError? {
        do {
            _ = try parser.parse(bytes)
            return nil
        } catch {
            return error
        }
    }
}

/// Random JSON values and byte mutations for the fuzz tests.
enum RandomJSON {
    static let characters: [Character] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1F}", "\u{7F}",
                                          "é", "€", "😀", "\u{2028}", "日", "{", "]", ","]

    static func value(depth: Int, using random: inout SeededGenerator) -> JSONValue {
        switch Int.random(in: 0..<(depth > 0 ? 8 : 5), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .number(number(using: &random))
        case 3, 4: return .string(string(using: &random))
        case 5: return .array((0..<Int.random(in: 0...4, using: &random)).map { _ in value(depth: depth - 1, using: &random) })
        default:
            var object = JSONObject()
            for _ in 0..<Int.random(in: 0...12, using: &random) {
                object[string(using: &random)] = value(depth: depth - 1, using: &random)
            }
            return .object(object)
        }
    }

    static func number(using random: inout SeededGenerator) -> JSONNumber {
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return JSONNumber(Int64.random(in: .min ... .max, using: &random))
        case 1: return JSONNumber(Int.random(in: -1000...1000, using: &random))
        case 2: return JSONNumber(Double(bitPattern: random.next())) ?? JSONNumber(0)
        default: return JSONNumber(Double.random(in: -1e6...1e6, using: &random))!
        }
    }

    static func string(using random: inout SeededGenerator) -> String {
        String((0..<Int.random(in: 0...8, using: &random)).map { _ in characters.randomElement(using: &random)! })
    }

    /// One random edit: change, insert or delete a byte, truncate, or repeat a slice.
    static func mutate(_ bytes: inout [UInt8], using random: inout SeededGenerator) {
        let interesting: [UInt8] = Array(#"{}[],:"\0-.e"#.utf8) + [0x00, 0x0A, 0x80, 0xC0, 0xED, 0xFF]
        let byte = Bool.random(using: &random) ? interesting.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
        guard !bytes.isEmpty else { return bytes.append(byte) }
        let position = Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<5, using: &random) {
        case 0: bytes[position] = byte
        case 1: bytes.insert(byte, at: position)
        case 2: bytes.remove(at: position)
        case 3: bytes.removeSubrange(position...)
        default:
            let end = min(bytes.count, position + Int.random(in: 1...8, using: &random))
            bytes.insert(contentsOf: bytes[position..<end], at: position)
        }
    }
}

import CRMModel
import Testing

@Suite struct CSVRowParserTests {
    static func parse(_ pieces: [[UInt8]], maxRowBytes: Int = 1 << 20) -> [CSVRowParser.Event] {
        var parser = CSVRowParser(maxRowBytes: maxRowBytes)
        var events: [CSVRowParser.Event] = []
        for piece in pieces { parser.feed(piece) { events.append($0) } }
        parser.finish { events.append($0) }
        return events
    }

    static func parse(_ text: String) -> [CSVRowParser.Event] { parse([Array(text.utf8)]) }

    static let tricky: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(
        "email,name,note\r\na@x.io,\"Lee, Ann\",\"said \"\"hi\"\"\"\r\n\r\nb@x.io,\"two\r\nlines\",x\nc@x.io,,\"\"\rd@x.io,é,\"a\nb\nc\"\ne@x.io,bad\"quote,z\nf@x.io,\"ok\"tail,z\ng@x.io,last,row".utf8)

    static let expected: [CSVRowParser.Event] = [
        .row(line: 1, fields: ["email", "name", "note"]),
        .row(line: 2, fields: ["a@x.io", "Lee, Ann", "said \"hi\""]),
        .row(line: 4, fields: ["b@x.io", "two\r\nlines", "x"]),
        .row(line: 6, fields: ["c@x.io", "", ""]),
        .row(line: 7, fields: ["d@x.io", "é", "a\nb\nc"]),
        .malformed(line: 10, message: "a quote inside an unquoted field (quote the whole field and double the quote)"),
        .malformed(line: 11, message: "text after the closing quote of a field"),
        .row(line: 12, fields: ["g@x.io", "last", "row"]),
    ]

    @Test func readsQuotesCommasLineBreaksBOMAndBlankLines() {
        #expect(Self.parse([Self.tricky]) == Self.expected)
    }

    @Test func everySplitPointGivesTheSameRows() {
        for split in 0...Self.tricky.count {
            let pieces = [Array(Self.tricky[..<split]), Array(Self.tricky[split...])]
            #expect(Self.parse(pieces) == Self.expected, "split at \(split)")
        }
        for first in stride(from: 0, through: Self.tricky.count, by: 7) {
            for second in first...Self.tricky.count {
                let pieces = [Array(Self.tricky[..<first]), Array(Self.tricky[first..<second]), Array(Self.tricky[second...])]
                #expect(Self.parse(pieces) == Self.expected, "splits at \(first), \(second)")
            }
        }
    }

    @Test func byteByByteGivesTheSameRows() {
        #expect(Self.parse(Self.tricky.map { [$0] }) == Self.expected)
    }

    @Test func lineEndingsLFCRLFAndCR() {
        let rows: [CSVRowParser.Event] = [.row(line: 1, fields: ["a", "b"]), .row(line: 2, fields: ["c", "d"])]
        #expect(Self.parse("a,b\nc,d\n") == rows)
        #expect(Self.parse("a,b\r\nc,d\r\n") == rows)
        #expect(Self.parse("a,b\rc,d") == rows)
    }

    @Test func aBOMOnlyAtTheStartIsDropped() {
        #expect(Self.parse([[0xEF], [0xBB], [0xBF, 0x61]]) == [.row(line: 1, fields: ["a"])])
        #expect(Self.parse([[0xEF, 0xBB]]) == [.malformed(line: 1, message: "the row is not valid UTF-8")])
        #expect(Self.parse("a\n\u{FEFF}b") == [.row(line: 1, fields: ["a"]), .row(line: 2, fields: ["\u{FEFF}b"])])
    }

    @Test func emptyFieldsAndTrailingComma() {
        #expect(Self.parse(",,\n\"\",x,") == [.row(line: 1, fields: ["", "", ""]), .row(line: 2, fields: ["", "x", ""])])
    }

    @Test func unclosedQuoteNamesTheLineItOpenedOn() {
        #expect(Self.parse("a,b\nc,\"open\nmore\nstill") == [
            .row(line: 1, fields: ["a", "b"]),
            .malformed(line: 2, message: "a quoted field opened on line 2 is never closed"),
        ])
    }

    @Test func aMalformedRowIsSkippedToItsLineEnd() {
        #expect(Self.parse("x\"y,\"z\nok,1\n") == [
            .malformed(line: 1, message: "a quote inside an unquoted field (quote the whole field and double the quote)"),
            .row(line: 2, fields: ["ok", "1"]),
        ])
    }

    @Test func invalidUTF8AndOverlongRowsAreMalformed() {
        #expect(Self.parse([[0x61, 0xFF, 0x0A, 0x62]]) == [.malformed(line: 1, message: "the row is not valid UTF-8"), .row(line: 2, fields: ["b"])])
        #expect(Self.parse([Array("abcdefghij,k\nshort\n".utf8)], maxRowBytes: 8) == [
            .malformed(line: 1, message: "row is longer than 8 bytes"), .row(line: 2, fields: ["short"]),
        ])
    }

    @Test func writerOutputReadsBack() {
        let fields = ["plain", "with, comma", "with \"quote\"", "two\nlines", " padded ", "", "é"]
        var out: [UInt8] = []
        CSVFieldWriter.appendRow(fields, to: &out)
        CSVFieldWriter.appendRow(["x"], to: &out)
        #expect(Self.parse([out]) == [.row(line: 1, fields: fields), .row(line: 3, fields: ["x"])])
    }
}

@Suite struct LineSplitterTests {
    @Test func everySplitPointGivesTheSameLines() {
        let input = Array("{\"a\":1}\r\n\n{\"b\":2}\n{\"c\":3}".utf8)
        let expected: [LineSplitter.Event] = [
            .line(number: 1, bytes: Array("{\"a\":1}".utf8)), .line(number: 2, bytes: []),
            .line(number: 3, bytes: Array("{\"b\":2}".utf8)), .line(number: 4, bytes: Array("{\"c\":3}".utf8)),
        ]
        for split in 0...input.count {
            var splitter = LineSplitter()
            var events: [LineSplitter.Event] = []
            splitter.feed(input[..<split]) { events.append($0) }
            splitter.feed(input[split...]) { events.append($0) }
            splitter.finish { events.append($0) }
            #expect(events == expected, "split at \(split)")
        }
    }

    @Test func aTooLongLineIsReportedOnceAndSkipped() {
        var splitter = LineSplitter(maxLineBytes: 4)
        var events: [LineSplitter.Event] = []
        splitter.feed(Array("abcdefgh".utf8)) { events.append($0) }
        splitter.feed(Array("ij\nok\n".utf8)) { events.append($0) }
        splitter.finish { events.append($0) }
        #expect(events == [.tooLong(number: 1), .line(number: 2, bytes: Array("ok".utf8))])
    }
}

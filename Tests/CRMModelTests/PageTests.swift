import CRMModel
import Testing

@Suite struct PageTests {
    @Test func writesDataAndNextCursor() throws {
        let page = Page(data: [1, 2], nextCursor: "abc")
        var writer = JSONWriter()
        writer.page(page) { $0.int($1) }
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"data":[1,2],"nextCursor":"abc"}"#)
    }

    @Test func lastPageHasNullCursor() {
        var writer = JSONWriter()
        writer.page(Page<String>(data: [], nextCursor: nil)) { $0.string($1) }
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"data":[],"nextCursor":null}"#)
    }

    @Test func mapsElementsKeepingTheCursor() {
        let page = Page(data: [1, 2, 3], nextCursor: "next").map { "#\($0)" }
        #expect(page == Page(data: ["#1", "#2", "#3"], nextCursor: "next"))
    }
}

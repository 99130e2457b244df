import Testing
@testable import CRMHTTP

@Suite struct ConnectionSmokeTests {
    @Test func answersAGet() throws {
        let server = try startEchoServer()
        let client = try RawClient(port: server.port)
        client.send("GET /hello?x=1 HTTP/1.1\r\nHost: a\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "/hello?x=1")
        #expect(response.header("Date") != nil)
        #expect(response.header("Content-Length") == "10")
    }
}

import Testing

@testable import SMTPServer

/// Found by the server-session fuzz target: replies that quote the client (its HELO name,
/// an address) carried the client's control bytes, a CR among them — a reply line ended
/// early on the wire, and raw controls on the client's terminal. They are escaped now.
@Suite struct ReplyInjectionTests {
    @Test func aCarriageReturnInTheHelloNameIsEscapedInTheGreeting() {
        var driver = SessionDriver()
        let lines = driver.sendBytes(Array("EHLO c\r FROM::<c@\r\n".utf8))
        #expect(lines.first == "250-localhost Hello c\\r FROM::<c@ [127.0.0.1]", "\(lines)")
        let wire = driver.lastActions.flatMap { action -> [UInt8] in
            if case .reply(let reply) = action { return reply.wireBytes }
            return []
        }
        let crs = wire.indices.filter { wire[$0] == 13 }
        #expect(crs.allSatisfy { wire.indices.contains($0 + 1) && wire[$0 + 1] == 10 }, "every CR starts a CRLF")
    }

    @Test func controlBytesInAnAddressAreEscapedInTheRefusal() {
        var driver = SessionDriver()
        driver.command("EHLO c.example")
        driver.command("MAIL FROM:<a@b>")
        let lines = driver.sendBytes(Array("RCPT TO:<x@y.\u{06}\0>\r\n".utf8))
        #expect(lines == ["501 5.1.3 Bad recipient address <x@y.\\x06\\x00>: it contains a control character"], "\(lines)")
    }
}

import TestSupport
import Testing

@testable import SMTPServer

/// Random input never crashes the session, never makes it hold unbounded memory, and every
/// reply it sends is well formed.
@Suite struct SessionFuzzTests {
    /// Pieces that steer random input into every phase: commands, DATA, BDAT, AUTH, STARTTLS.
    static let fragments: [String] = [
        "EHLO c.example\r\n", "HELO x\r\n", "MAIL FROM:<a@x.org>\r\n", "MAIL FROM:<a@x.org> SIZE=99999999999 BODY=8BITMIME SMTPUTF8\r\n",
        "RCPT TO:<b@y.org>\r\n", "RCPT TO:<b@y.org> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b@y.org\r\n", "DATA\r\n",
        ".\r\n", "..\r\n", "BDAT 5\r\n", "BDAT 0 LAST\r\n", "BDAT 99999999999999999999\r\n", "RSET\r\n", "NOOP\r\n",
        "AUTH PLAIN\r\n", "AUTH LOGIN\r\n", "AUTH CRAM-MD5\r\n", "*\r\n", "STARTTLS\r\n", "VRFY x\r\n", "HELP\r\n",
        "\r\n", "\n", "\r", ".", "<", ">", ":", " ", "\0", "\u{FF}", "QUIT\r\n", "MAIL FROM:<\r\n", "RCPT TO:\r\n",
    ]

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func randomBytesAndCommandsNeverBreakTheSession(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        for round in 0..<60 {
            var driver = SessionDriver { settings in
                settings.strict = round % 3 == 0
                settings.allowPlainAuth = round % 2 == 0
                settings.maxMessageSize = [64, 1024, 100_000][round % 3]
            }
            for _ in 0..<200 {
                var input: [UInt8] = []
                if Bool.random(using: &random) {
                    input = Array(Self.fragments.randomElement(using: &random)!.utf8)
                } else {
                    let count = Int.random(in: 1...300, using: &random)
                    input = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
                }
                let actions = driver.session.receive(input)
                for action in actions {
                    guard case .reply(let reply) = action else { continue }
                    #expect((200...599).contains(reply.code))
                    for line in reply.wireLines {
                        #expect(!line.utf8.contains(0x0D) && !line.utf8.contains(0x0A), "a reply line never contains CR or LF")
                    }
                }
                #expect(driver.session.framer.bufferedCount <= ServerSession.authLineLimit + 2 + 300)
                #expect(driver.session.body.bytes.count <= driver.session.settings.maxMessageSize)
                if actions.contains(.startTLS) { _ = driver.session.tlsEstablished() }
                if actions.contains(.close) { break }
            }
        }
    }

    @Test func aHugeUnbrokenStreamIsReadInBoundedMemory() {
        var driver = SessionDriver { $0.maxMessageSize = 4096 }
        driver.openTransaction()
        driver.command("DATA")
        let block = [UInt8](repeating: 0x41, count: 65_536)
        for _ in 0..<64 { driver.sendBytes(block) }
        #expect(driver.session.framer.bufferedCount < 2 * 65_536)
        #expect(driver.session.body.bytes.isEmpty)
        #expect(driver.send("\r\n.\r\n") == ["552 5.3.4 Message too big: this server takes at most 4096 bytes"])
    }
}

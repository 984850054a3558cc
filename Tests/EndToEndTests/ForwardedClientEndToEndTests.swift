import Foundation
import TestSupport
import Testing

/// XCLIENT and XFORWARD against a Postfix listener that trusts loopback clients with both:
/// TAB completes the attributes it advertises, a malformed value is warned about but sent,
/// and Postfix takes the client the XCLIENT line names.
@Suite(.serialized) struct ForwardedClientEndToEndTests {
    let env: TestEnvironment

    init() throws {
        env = try TestEnvironment.load()
    }

    @Test func attributesAreCompletedFromWhatPostfixAdvertises() throws {
        let terminal = try PseudoTerminal(
            executable: Binary.path, arguments: ["--no-history", "--no-hints", env.host, String(env.xclientPort)], columns: 120, rows: 50)
        try #require(terminal.waitFor("> ", timeout: 10), "no prompt: \(terminal.screenText)")
        /// Sends `keys` and waits for `shown` to appear after what was on screen.
        func type(_ keys: String, shows shown: String) -> Bool {
            let mark = terminal.screenText.count
            terminal.send(keys)
            return terminal.waitFor(shown, after: mark)
        }
        #expect(type("EHLO client.example\r", shows: "250 CHUNKING"))
        #expect(type("XC\t", shows: "XCLIENT "), "\(terminal.screenText)")
        #expect(type("A\t", shows: "ADDR="), "\(terminal.screenText)")
        #expect(type("198.51.100.7 PROTO=E\t", shows: "PROTO=ESMTP"), "\(terminal.screenText)")
        #expect(type("\r", shows: "220 \(env.hostname) ESMTP"), "Postfix greets the new client: \(terminal.screenText)")
        terminal.send("QUIT\r")
        #expect(terminal.waitFor("221 2.0.0 Bye"))
    }

    @Test func aMalformedValueIsWarnedAboutAndStillSent() throws {
        let offset = env.postfixLogOffset()
        let result = try Binary.run(
            ["--no-hints", env.host, String(env.xclientPort)],
            input: "EHLO client.example\nXFORWARD ADDR=300.1.2.3\nXCLIENT ADDR=198.51.100.77 NAME=relay.example\nQUIT\n")
        #expect(result.stdout.contains("  ! XFORWARD: ADDR=300.1.2.3 is not an IPv4 address or IPV6:address."), "\(result.stdout)")
        #expect(result.stdout.contains("> XFORWARD ADDR=300.1.2.3\n"), "sent as typed: \(result.stdout)")
        #expect(result.stdout.contains("501 5.5.4 Bad ADDR syntax: 300.1.2.3"), "Postfix judged it too: \(result.stdout)")
        #expect(env.postfixLogShows("disconnect from relay.example[198.51.100.77]", after: offset), "Postfix took the XCLIENT client")
    }
}

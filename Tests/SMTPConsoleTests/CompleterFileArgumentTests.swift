import SMTPCore
import Testing

@testable import SMTPConsole

/// Which lines complete a file path on TAB: the argument of `/send`, `/bdat` and `/tls save`.
struct CompleterFileArgumentTests {
    @Test(arguments: [
        ("/send ~/mess", InputMode.command, "~/mess"),
        ("/bdat  big.eml", .command, "big.eml"),
        ("/tls save ch", .command, "ch"),
        ("/TLS SAVE /tmp/", .command, "/tmp/"),
        ("/send body.txt", .dataBody, "body.txt"),
    ])
    func aPathFollowsTheseCommands(line: String, mode: InputMode, path: String) {
        #expect(Completer.fileArgument(line, inputMode: mode) == path)
    }

    @Test(arguments: [("/tls ", InputMode.command), ("/tls sa", .command), ("/bdat x", .dataBody), ("MAIL FROM:<", .command)])
    func otherLinesAreNotPaths(line: String, mode: InputMode) {
        #expect(Completer.fileArgument(line, inputMode: mode) == nil)
    }
}

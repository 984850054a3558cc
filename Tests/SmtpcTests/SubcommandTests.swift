import ArgumentParser
import Testing

@testable import smtpc

/// The word after `smtpc` that names a subcommand (`Main.subcommand(named:)`).
@Suite struct SubcommandTests {
    @Test func everySubcommandTheManualDescribesIsFoundByItsName() {
        for words in ManualPage.subcommands {
            // Their names read `explain` or `smtpc explain`; `dkim keygen` is found as `dkim`, then `keygen`.
            let path = words.split(separator: " ").map(String.init)
            var command = Main.subcommand(named: path[0])
            for word in path.dropFirst() {
                command = command?.configuration.subcommands.first { $0.configuration.commandName == word }
            }
            #expect(command?.configuration.commandName?.split(separator: " ").last.map(String.init) == path.last)
        }
    }

    @Test func otherWordsAreTheConsolesArguments() {
        for word in ["mail.example.com", "--starttls", "Explain", "help", ""] {
            #expect(Main.subcommand(named: word) == nil)
        }
    }
}

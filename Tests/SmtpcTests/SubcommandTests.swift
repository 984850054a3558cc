import ArgumentParser
import Testing

@testable import smtpc

/// The word after `smtpc` that names a subcommand (`Main.subcommand(named:)`).
@Suite struct SubcommandTests {
    @Test func everySubcommandTheManualDescribesIsFoundByItsName() {
        for name in ManualPage.subcommands {
            // Their names read `explain` or `smtpc explain`.
            let commandName = Main.subcommand(named: name)?.configuration.commandName
            #expect(commandName?.split(separator: " ").last.map(String.init) == name)
        }
    }

    @Test func otherWordsAreTheConsolesArguments() {
        for word in ["mail.example.com", "--starttls", "Explain", "help", ""] {
            #expect(Main.subcommand(named: word) == nil)
        }
    }
}

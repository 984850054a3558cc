import ArgumentParser
import Foundation
import Testing

@testable import smtpc

/// `smtpc check`'s command line read without swift-argument-parser (`CheckRequest.quickReading`)
/// against the parser itself: the same options, and the same request for every line it reads.
@Suite struct CheckRequestTests {
    /// The options of the parser's model of `smtpc check`, by name, and whether each takes a value.
    static func parserModel() throws -> [String: Bool] {
        let info = try JSONDecoder().decode(ManualPage.ToolInfo.self, from: Data(CheckCommand._dumpHelp().utf8))
        var model: [String: Bool] = [:]
        for argument in info.command.arguments ?? [] where argument.kind != "positional" {
            for name in argument.names ?? [] {
                let written = (name.kind == "short" ? "-" : "--") + name.name
                guard !["--help", "-h"].contains(written) else { continue }
                model[written] = argument.kind == "option"
            }
        }
        return model
    }

    @Test func theQuickReaderKnowsEveryOptionOfTheParserAndNoOther() throws {
        let model = try Self.parserModel()
        #expect(Set(model.keys) == Set(CheckRequest.valued + CheckRequest.flags))
        #expect(model.filter(\.value).keys.sorted() == CheckRequest.valued.sorted())
    }

    @Test(arguments: [
        ["example.com"],
        ["--dns-server", "127.0.0.1:2555", "--port", "2525", "--json", "example.com"],
        ["--cafile=/tmp/ca.pem", "-o", "r.html", "--color", "never", "--ehlo", "me.example", "example.com"],
        ["example.com", "--timeout", "5", "--concurrency", "2"],
    ])
    func theSameRequestAsTheParser(arguments: [String]) throws {
        let quick = try #require(CheckRequest.quickReading(arguments))
        let parsed = try CheckCommand.parse(arguments)
        #expect(quick == parsed.request)
    }

    @Test(arguments: [
        ["--help"], [], ["a.example", "b.example"], ["--port", "0", "example.com"], ["--port", "x", "example.com"],
        ["--color", "sometimes", "example.com"], ["--unknown", "example.com"], ["--port"], ["--dns-server", "--json", "x"],
    ])
    func anythingElseIsLeftToTheParser(arguments: [String]) {
        #expect(CheckRequest.quickReading(arguments) == nil)
    }
}

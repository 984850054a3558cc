import ArgumentParser
import Foundation
import Testing

@testable import smtpc

/// The console's command line read without swift-argument-parser (`ConsoleOptions.quickReading`)
/// against the parser itself: the same options, and the same result for every line it reads.
@Suite struct QuickReadingTests {
    /// The arguments of the parser's own model of the console's command line.
    static func parserArguments() throws -> [ManualPage.ArgumentInfo] {
        try JSONDecoder().decode(ManualPage.ToolInfo.self, from: Data(SmtpcCommand._dumpHelp().utf8)).command.arguments ?? []
    }

    /// The options of the parser's own model, by each name, as `--name`/`-n`: whether each
    /// takes a value and may repeat. Help and version are the parser's and stay with it.
    static func parserModel() throws -> [String: (takesValue: Bool, repeats: Bool)] {
        var model: [String: (takesValue: Bool, repeats: Bool)] = [:]
        for argument in try parserArguments() where argument.kind != "positional" {
            for name in argument.names ?? [] {
                let written = (name.kind == "short" ? "-" : "--") + name.name
                guard !["--help", "-h", "--version"].contains(written) else { continue }
                model[written] = (argument.kind == "option", argument.isRepeating)
            }
        }
        return model
    }

    @Test func theTableHasEveryOptionOfTheParserAndNoOther() throws {
        let model = try Self.parserModel()
        #expect(model.count > 40)
        let names = ConsoleOptions.table.flatMap(\.names)
        #expect(Set(model.keys) == Set(names))
        #expect(Set(names).count == names.count, "each name once")
        for entry in ConsoleOptions.table {
            for name in entry.names {
                guard let expected = model[name] else { continue }
                #expect(entry.takesValue == expected.takesValue, "\(name)")
                #expect(entry.repeats == expected.repeats, "\(name)")
            }
        }
        #expect(try Self.parserArguments().filter { $0.kind == "positional" }.count == 2)
    }

    /// A readable file for the options that check theirs: this source file.
    static let file = #filePath

    /// Command lines the quick reading takes, every option of the table among them.
    static let lines: [[String]] = [
        [],
        ["mx.example.org"],
        ["mx.example.org", "2525"],
        ["--starttls", "--cafile", file, "--no-history", "--color", "never", "127.0.0.1", "2525"],
        ["--tls", "--insecure", "--servername", "mx.example.org", "--sni", "other.example", "mx.example.org", "465"],
        ["--tls", "--no-sni", "--tls-min", "1.2", "--tls-max", "1.3", "--tls-ciphers", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "h"],
        ["--starttls", "--cert", file, "--key", file, "h"],
        ["--color=always", "--timeout=5", "--connect-timeout=2.5", "--data-timeout", "60", "h"],
        ["-4", "--local-address", "127.0.0.1", "h", "25"],
        ["-6", "h"],
        ["--proxy", "socks5://127.0.0.1:1080", "h"],
        ["--proxy=http://user:pass@127.0.0.1:3128", "h"],
        [
            "--proxy-protocol", "v2", "--proxy-source", "192.0.2.1:1234", "--proxy-dest", "192.0.2.2:25", "--proxy-tlv", "ALPN=smtp",
            "--proxy-tlv", "AUTHORITY=mx.example.org", "h",
        ],
        ["--pipeline", "--quiet", "h"],
        ["-q", "--no-hints", "h"],
        ["--history", "/tmp/smtpc-quick-history", "h"],
        ["--record", "/tmp/t.jsonl", "--append", "--timestamps", "--record-secrets", "h"],
        ["--record", "/tmp/t.txt", "--force", "h"],
        ["--lmtp", "--unix", "/run/lmtp.sock"],
        ["--mx", "example.org", "--dns-server", "127.0.0.1:53"],
        ["--mx", "example.org", "2525"],
        ["--ehlo", "client.example", "--user", "alice", "--password-file", file, "--token-file", file, "--auth-without-tls", "h"],
        ["--scenario", "tarpit", "--scenario", "greylist"],
        ["--host", "serve", "2525"],
        ["--generate-manual"],
        ["--generate-reference"],
        ["--profiles"],
        ["h", "--starttls", "25", "--timeout", "9"],
    ]

    @Test(arguments: lines) func readsEachLineAsTheParserDoes(_ line: [String]) throws {
        let quick = try #require(ConsoleOptions.quickReading(line), "\(line)")
        let parsed = try #require(try SmtpcCommand.parseAsRoot(line) as? SmtpcCommand).arguments.options
        #expect(quick == parsed, "\(line)")
    }

    /// Lines left to the parser: its own options, errors, and forms the table does not read.
    @Test(arguments: [
        ["--help"], ["-h"], ["--version"], ["--generate-completion-script", "bash"], ["--experimental-dump-help"],
        ["--nosuch"], ["-x"], ["--timeout"], ["--timeout", "-5"], ["--timeout", "abc"], ["--timeout", "1", "--timeout", "2"],
        ["--starttls=yes"], ["--starttls", "--starttls"], ["-q", "--quiet"], ["a", "b", "c"], ["--", "h"], ["-46"], [""], ["-"],
        ["h", "--cafile"],
    ])
    func leavesTheRestToTheParser(_ line: [String]) {
        #expect(ConsoleOptions.quickReading(line) == nil, "\(line)")
    }

    @Test func aValueJoinedByAnEqualsSignMayStartWithADash() throws {
        let options = try #require(ConsoleOptions.quickReading(["--ehlo=-odd", "h"]))
        #expect(options.ehlo == "-odd")
    }
}

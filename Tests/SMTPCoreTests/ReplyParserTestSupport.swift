import Foundation
import SMTPCore
import TestSupport
import Testing

/// Server dialogues stored under `Fixtures/` as the exact bytes a server sends.
enum Fixture {
    /// Every fixture of server replies, by file name without `.txt`.
    static let names = [
        "postfix-ehlo", "postfix-rejections", "exim-ehlo", "exim-rejections",
        "aiosmtpd-ehlo", "aiosmtpd-rejections", "smtp-sink-ehlo", "gmail-ehlo",
        "gmail-ehlo-after-tls", "gmail-rejections", "outlook-ehlo", "outlook-rejections",
        "dovecot-lhlo",
    ]

    /// The bytes of fixture `name`; records an issue and returns nothing if it is missing.
    static func bytes(_ name: String) -> [UInt8] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url)
        else {
            Issue.record("fixture \(name).txt is missing from the test bundle")
            return []
        }
        return [UInt8](data)
    }

    /// The replies of fixture `name`, parsed in one piece, recording an issue for any error.
    static func replies(_ name: String) -> [Reply] {
        parseAll(bytes(name)).compactMap { event in
            switch event {
            case .reply(let reply): return reply
            case .error(let error):
                Issue.record("fixture \(name): \(error.message)")
                return nil
            case .overflow(let piece):
                Issue.record("fixture \(name): \(piece.bytes.count) bytes of an over-long line")
                return nil
            }
        }
    }
}

/// Parses `bytes` fed in one piece, then finishes.
func parseAll(_ bytes: [UInt8], limits: ReplyParser.Limits = .init()) -> [ReplyParser.Event] {
    var parser = ReplyParser(limits: limits)
    return parser.feed(bytes) + parser.finish()
}

/// Parses `bytes` fed in pieces that end at `cuts` (sorted offsets), then finishes.
///
/// An over-long line's bytes come in one piece per `feed`; they are joined here, so
/// the events can be compared with those of the input fed in one piece.
func parse(_ bytes: [UInt8], cutAt cuts: [Int], limits: ReplyParser.Limits = .init()) -> [ReplyParser.Event] {
    var parser = ReplyParser(limits: limits)
    var events: [ReplyParser.Event] = []
    var start = 0
    for cut in cuts + [bytes.count] where cut >= start {
        events += parser.feed(bytes[start..<cut])
        start = cut
    }
    return (events + parser.finish()).joiningOverflow()
}

/// Parses `bytes` one byte per `feed` call, then finishes.
func parseByteByByte(_ bytes: [UInt8], limits: ReplyParser.Limits = .init()) -> [ReplyParser.Event] {
    parse(bytes, cutAt: Array(bytes.indices), limits: limits)
}

/// Random cut points in `0...count`, sorted, as many as `generator` decides.
func randomCuts(count: Int, using generator: inout SeededGenerator) -> [Int] {
    let cutCount = Int.random(in: 0...max(1, count / 4), using: &generator)
    return (0..<cutCount).map { _ in Int.random(in: 0...count, using: &generator) }.sorted()
}

/// ASCII bytes of a string, with `\r\n` written out by the caller.
func wireBytes(_ text: String) -> [UInt8] { Array(text.utf8) }

extension ReplyParser.Event {
    /// The reply, if this event is one.
    var reply: Reply? {
        if case .reply(let reply) = self { return reply }
        return nil
    }

    /// The over-long line's piece, if this event is one.
    var overflow: ReplyParser.OverflowPiece? {
        if case .overflow(let piece) = self { return piece }
        return nil
    }

    /// The error, if this event is one.
    var error: ReplyParseError? {
        if case .error(let error) = self { return error }
        return nil
    }
}

/// The one reply in `wire` (lines separated by CRLF, the last CRLF added here).
func parsedReply(_ wire: String) throws -> Reply {
    let events = parseAll(Array((wire + "\r\n").utf8))
    guard events.count == 1, case .reply(let reply) = events[0] else {
        throw ParseFailure(description: "not one reply: \(wire)")
    }
    return reply
}

/// `parsedReply` was given text that is not exactly one reply.
struct ParseFailure: Error, CustomStringConvertible {
    let description: String
}

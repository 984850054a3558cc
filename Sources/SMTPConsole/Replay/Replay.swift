import Glibc
import SMTPCore
import SMTPTranscript

/// `smtpc replay`: sends a recorded session's client lines to a server, waits for each
/// reply as the recording did, and compares every reply with the recorded one.
public enum Replay {
    /// Replays `session` with `configuration` (its target, TLS mode and credentials already
    /// chosen); `compareText` compares reply texts too. The status is 0 only when every
    /// reply matched.
    public static func run(_ configuration: ConsoleConfiguration, session: TranscriptSession, compareText: Bool) -> ExitStatus {
        var credentials = configuration.credentials
        if session.records.contains(where: { $0.redacted }), isatty(0) == 1 {
            // A terminal: ask for what the recording redacted, as the console's /auth would.
            if credentials.user == nil { credentials.user = TerminalPrompt.ask("User for the recorded AUTH: ", echo: true) }
            if credentials.password == nil, let user = credentials.user {
                credentials.password = TerminalPrompt.ask("Password for \(user): ", echo: false)
            }
        }
        let plan: ReplayPlan
        do {
            plan = try ReplayPlan.make(from: session, user: credentials.user, password: credentials.password)
        } catch {
            StandardError.write("smtpc replay: \(error)")
            return .usage
        }
        var configuration = configuration
        configuration.pipeline = plan.pipelined
        let style = Style(
            enabled: configuration.colorMode.isEnabled(environment: configuration.environment, outputIsTerminal: isatty(1) == 1))
        let runner = ScriptRunner(configuration: configuration, style: style, practice: nil)
        let comparison = ReplayComparison(expected: plan.expected, compareText: compareText)
        let loop = runner.loop
        loop.replyObserver = { shown in
            if let difference = comparison.received(shown.reply, context: shown.context) {
                loop.show([style.warning(difference)])
            }
        }
        let status = Console.start(loop, &configuration, style: style) ?? runner.run(target: configuration.target, lines: plan.lines)
        let summary = comparison.finish()
        loop.show(summary.lines.map { summary.matched ? style.event($0) : style.warning($0) })
        if !summary.matched { return .checkFailed }
        // Every reply matched the recording, negative ones included: that is success here.
        return status == .negativeReply ? .success : status
    }
}

/// The recorded replies, matched in order against those that arrive.
final class ReplayComparison {
    private let expected: [Reply]
    private let compareText: Bool
    private var index = 0
    private var differences = 0

    init(expected: [Reply], compareText: Bool) {
        self.expected = expected
        self.compareText = compareText
    }

    /// The difference line for the next reply, or nil when it matches.
    func received(_ reply: Reply, context: ReplyContext?) -> String? {
        defer { index += 1 }
        guard index < expected.count else {
            differences += 1
            return "≠ reply \(index + 1): the recording had no more replies; got \(Self.explained(reply))"
        }
        let recorded = expected[index]
        let recordedEnhanced = Self.enhanced(recorded)
        var same = recorded.code == reply.code && (recordedEnhanced == nil || recordedEnhanced == Self.enhanced(reply))
        if compareText { same = same && recorded.lines.map(\.raw) == reply.lines.map(\.raw) }
        if same { return nil }
        differences += 1
        let wanted = Self.codes(recorded) + (compareText ? Self.quoted(recorded) : "")
        return "≠ reply \(index + 1): expected \(wanted), got \(Self.explained(reply))"
    }

    /// The summary lines, and whether everything matched (missing replies count).
    func finish() -> (lines: [String], matched: Bool) {
        var lines: [String] = []
        if index < expected.count {
            differences += expected.count - index
            lines.append("≠ the recording had \(expected.count) replies; \(index) arrived (the rest never came)")
        }
        let matched = differences == 0
        lines.append(
            matched
                ? "replay: all \(expected.count) replies matched the recording"
                : "replay: \(differences) of \(max(expected.count, index)) replies differ from the recording")
        return (lines, matched)
    }

    private static func enhanced(_ reply: Reply) -> EnhancedStatusCode? {
        reply.lines.first.flatMap { EnhancedStatusCode.prefix(of: $0.text)?.code }
    }

    /// `550 5.1.1`: the code and, when the text starts with one, the enhanced code.
    private static func codes(_ reply: Reply) -> String {
        "\(reply.code)" + (enhanced(reply).map { " \($0)" } ?? "")
    }

    /// ` "first line of the text…"` (the enhanced code left out), visible-safe.
    private static func quoted(_ reply: Reply) -> String {
        let text = VisibleText.escape(reply.lines.first?.text ?? [])
        let skip = enhanced(reply).map { "\($0)".count } ?? 0
        let rest = text.dropFirst(skip).trimmingPrefix(" ")
        return rest.isEmpty ? "" : " \"\(rest.prefix(60))\(rest.count > 60 ? "…" : "")\""
    }

    /// `550 5.1.1 "<b@example.org>: Recipient address rejected…" — Requested action not
    /// taken: mailbox unavailable · 5.1.1 Bad destination mailbox address`: the codes, the
    /// text, and the words the console's annotations start with.
    private static func explained(_ reply: Reply) -> String {
        codes(reply) + quoted(reply) + " — " + ReplyCodeTable.meaning(of: reply.code).description
            + (enhanced(reply).map(ReplyRenderer.enhancedWords) ?? "")
    }
}

import SMTPCore
import SMTPTranscript

/// What replaying one recorded session does: the lines to send (as a script would type
/// them), the replies the recording got, in order, and whether it pipelined.
///
/// Body lines are recorded as sent, dot-stuffed; they are typed here without the added dot,
/// since the console stuffs them again. A redacted AUTH of PLAIN or LOGIN is rebuilt from
/// the user and password given for the replay; `[redacted]` is never sent.
struct ReplayPlan: Sendable {
    var lines: [String]
    var expected: [Reply]
    /// Two commands went out before the reply to the first (RFC 2920).
    var pipelined: Bool

    /// Why a recording cannot be replayed as it stands.
    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    /// The plan for `session`; `user` and `password` replace redacted credentials.
    static func make(from session: TranscriptSession, user: String?, password: String?) throws(Problem) -> ReplayPlan {
        var lines: [String] = []
        var serverLines: [[UInt8]] = []
        var pipelined = false
        var lastWasCommand = false
        var dataSent = false
        var inBody = false
        var auth: RedactedAuth?
        for record in session.records {
            switch record.direction {
            case .event:
                continue
            case .server:
                serverLines.append(record.bytes)
                lastWasCommand = false
                // Only DATA is answered 354; a refused DATA leaves no body lines to find.
                if dataSent, record.bytes.starts(with: Array("354".utf8)) {
                    inBody = true
                    dataSent = false
                }
            case .client:
                let text = record.text
                if inBody {
                    if text == "." {
                        inBody = false
                        lines.append(".")
                        lastWasCommand = true
                    } else {
                        lines.append(text.hasPrefix(".") ? String(text.dropFirst()) : text)
                    }
                    continue
                }
                if record.redacted {
                    lines.append(try auth.rebuild(record, user: user, password: password, auth: &auth))
                } else if record.bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
                    lines.append("/raw " + record.escapedText)
                } else {
                    lines.append(text)
                    let words = text.split(separator: " ")
                    if words.first?.uppercased() == "AUTH" {
                        // `AUTH LOGIN` typed without an initial response: the answers that follow are redacted.
                        auth = RedactedAuth(mechanism: words.count > 1 ? words[1].uppercased() : "")
                    }
                    if words.first?.uppercased() == "BDAT" {
                        throw Problem(description: "line \(record.lineNumber): BDAT chunks are not replayed yet; record with DATA")
                    }
                    if text.uppercased() == "DATA" { dataSent = true }
                }
                if lastWasCommand { pipelined = true }
                lastWasCommand = true
            }
        }
        return ReplayPlan(lines: lines, expected: Self.replies(in: serverLines), pipelined: pipelined)
    }

    /// The recorded server lines grouped into replies, as the console's parser groups them.
    private static func replies(in lines: [[UInt8]]) -> [Reply] {
        var parser = ReplyParser()
        var replies: [Reply] = []
        for line in lines {
            for event in parser.feed(line + [0x0D, 0x0A]) {
                if case .reply(let reply) = event { replies.append(reply) }
            }
        }
        return replies
    }
}

/// A redacted AUTH exchange being rebuilt: which mechanism, and how many answers so far.
private struct RedactedAuth {
    let mechanism: String
    var answers = 0
}

extension RedactedAuth? {
    /// The line to send for a redacted one: `AUTH PLAIN <base64>`, or an answer to a 334.
    fileprivate func rebuild(
        _ record: TranscriptRecord, user: String?, password: String?, auth: inout RedactedAuth?
    ) throws(ReplayPlan.Problem) -> String {
        let words = record.text.split(separator: " ")
        let isCommand = words.first?.uppercased() == "AUTH"
        if isCommand { auth = RedactedAuth(mechanism: words.count > 1 ? words[1].uppercased() : "") }
        guard var current = auth else {
            throw ReplayPlan.Problem(description: "line \(record.lineNumber): a redacted line that answers no AUTH cannot be replayed")
        }
        guard current.mechanism == "PLAIN" || current.mechanism == "LOGIN" else {
            throw ReplayPlan.Problem(
                description: "line \(record.lineNumber): AUTH \(current.mechanism) was redacted; only PLAIN and LOGIN are "
                    + "rebuilt from --user and the password (record with --record-secrets to replay others)")
        }
        guard let user, let password else {
            throw ReplayPlan.Problem(
                description: "line \(record.lineNumber): the recording's AUTH \(current.mechanism) was redacted: give --user "
                    + "and the password (--password-file, SMTPC_PASSWORD, or run replay in a terminal to be asked)")
        }
        let secret: String
        if current.mechanism == "PLAIN" {
            secret = Base64.encode("\u{0}\(user)\u{0}\(password)")
        } else {
            secret = Base64.encode(current.answers == 0 ? user : password)
            current.answers += 1
        }
        auth = current
        return isCommand ? "AUTH \(current.mechanism) \(secret)" : secret
    }
}

import SMTPCore
import Testing

/// One reply a learner may not understand, in the conversation where it arrives.
struct HintCase: Sendable, CustomTestStringConvertible {
    let name: String
    /// The conversation before the command (see `TeachingScript`).
    let before: [String]
    /// The command whose reply is hinted; `nil` for the greeting or an unsolicited reply.
    let command: String?
    /// The reply, lines separated by `\n`.
    let reply: String
    /// Fragments the hint must contain.
    let expected: [String]

    init(_ name: String, _ before: [String], _ command: String?, _ reply: String, _ expected: [String]) {
        self.name = name
        self.before = before
        self.command = command
        self.reply = reply
        self.expected = expected
    }

    var testDescription: String { name }

    /// The hint a learner would see after this reply.
    func hint() -> String? {
        var conversation = TeachingConversation(after: before)
        if let command { conversation.machine.lineSent(command) }
        return conversation.receive(reply)
    }
}

/// Hints after the replies of issue 6's list, each from real reply bytes in a real conversation.
@Suite struct TeachingHintTests {
    typealias S = TeachingScript

    static let sequence: [HintCase] = [
        HintCase(
            "503 to RCPT without MAIL", S.ehlo, "RCPT TO:<bob@example.org>",
            "503 5.5.1 Error: need MAIL command", ["MAIL FROM", "RFC 5321 §3.3"]),
        HintCase(
            "503 to DATA without an accepted recipient", S.mail, "DATA",
            "503 5.5.1 Error: need RCPT command", ["accepted RCPT TO", "RFC 5321 §3.3"]),
        HintCase(
            "554 to DATA, no valid recipients", S.mail + ["C: RCPT TO:<x@nowhere.invalid>", "S: 550 5.1.2 Bad domain"],
            "DATA", "554 5.5.1 Error: no valid recipients", ["No recipient was accepted", "RFC 5321 §3.3"]),
        HintCase(
            "503 to MAIL before EHLO", S.greeting, "MAIL FROM:<alice@example.org>",
            "503 5.5.1 Error: send HELO/EHLO first", ["EHLO (or HELO) first", "RFC 5321 §4.1.4"]),
        HintCase(
            "503 to RCPT before EHLO", S.greeting, "RCPT TO:<bob@example.org>",
            "503 5.5.1 Error: send HELO/EHLO first", ["EHLO (or HELO) first"]),
        HintCase(
            "503 to a second MAIL in a transaction", S.recipient, "MAIL FROM:<carol@example.org>",
            "503 5.5.1 Error: nested MAIL command", ["already open", "RSET"]),
        HintCase(
            "503 to DATA after BDAT", S.recipient + ["C: BDAT 10", "S: 250 2.0.0 10 octets received"], "DATA",
            "503 5.5.1 DATA cannot follow BDAT in one transaction", ["BDAT", "RFC 3030"]),
        HintCase(
            "503 to a second AUTH", S.ehloAfterTLS + ["C: AUTH PLAIN AGxlYXJuZXIAcHJhY3RpY2U=", "S: 235 2.7.0 Authentication successful"],
            "AUTH PLAIN AGxlYXJuZXIAcHJhY3RpY2U=", "503 5.5.1 Error: already authenticated", ["Already authenticated", "RFC 4954"]),
        HintCase(
            "503 to an unmodelled command", S.ehlo, "ETRN example.org",
            "503 5.5.1 Error: bad sequence", ["/state"]),
    ]

    static let security: [HintCase] = [
        HintCase(
            "530 Must issue a STARTTLS command first", S.ehlo, "MAIL FROM:<alice@example.org>",
            "530 5.7.0 Must issue a STARTTLS command first", ["STARTTLS", "RFC 3207"]),
        HintCase(
            "530 authentication required before TLS", S.ehlo, "MAIL FROM:<alice@example.org>",
            "530 5.7.0 Authentication required", ["wants AUTH, usually after STARTTLS", "RFC 4954"]),
        HintCase(
            "530 authentication required over TLS", S.ehloAfterTLS, "MAIL FROM:<alice@example.org>",
            "530 5.7.0 Authentication required", ["/auth", "RFC 4954"]),
        HintCase(
            "535 wrong credentials", S.ehloAfterTLS, "AUTH PLAIN AGxlYXJuZXIAd3Jvbmc=",
            "535 5.7.8 Error: authentication failed: authentication failure", ["Wrong user name or password"]),
        HintCase(
            "534 mechanism too weak", S.ehloAfterTLS, "AUTH LOGIN",
            "534 5.7.9 Authentication mechanism is too weak", ["stronger", "RFC 4954 §6"]),
        HintCase(
            "538 encryption required", S.ehlo, "AUTH PLAIN",
            "538 5.7.11 Encryption required for requested authentication mechanism", ["STARTTLS", "RFC 4954 §6"]),
        HintCase(
            "454 to STARTTLS", S.ehlo, "STARTTLS",
            "454 4.7.0 TLS not available due to local problem", ["TLS is not available", "RFC 3207"]),
        HintCase(
            "454 to AUTH", S.ehloAfterTLS, "AUTH LOGIN",
            "454 4.7.0 Temporary authentication failure", ["temporary authentication failure", "RFC 4954"]),
        HintCase("334 challenge", S.ehloAfterTLS, "AUTH LOGIN", "334 VXNlcm5hbWU6", ["base64", "/b64 decode"]),
    ]

    static let delivery: [HintCase] = [
        HintCase(
            "554 5.7.1 relay access denied", S.mail, "RCPT TO:<friend@elsewhere.example>",
            "554 5.7.1 <friend@elsewhere.example>: Relay access denied", ["Relay denied", "AUTH", "RFC 5321 §3.6"]),
        HintCase(
            "550 5.7.1 to RCPT without the word relay", S.mail, "RCPT TO:<friend@elsewhere.example>",
            "550 5.7.1 Unable to deliver to <friend@elsewhere.example>", ["Relay denied"]),
        HintCase(
            "550 relaying denied without an enhanced code", S.mail, "RCPT TO:<friend@elsewhere.example>",
            "550 Relaying denied", ["Relay denied"]),
        HintCase(
            "451 4.7.1 greylisted", S.mail, "RCPT TO:<bob@example.org>",
            "451 4.7.1 Greylisted: this envelope is new here, please try again in 60 s", ["Greylisting", "retry", "RFC 6647"]),
        HintCase(
            "450 greylisted by postgrey", S.mail, "RCPT TO:<bob@example.org>",
            "450 4.2.0 <bob@example.org>: Recipient address rejected: Greylisted, see http://postgrey.example/help", ["Greylisting"]),
        HintCase(
            "451 4.7.1 without the word", S.mail, "RCPT TO:<bob@example.org>",
            "451 4.7.1 Please try again later", ["often greylisting", "same envelope"]),
        HintCase(
            "550 5.1.1 Postfix", S.mail, "RCPT TO:<nobody@example.org>",
            "550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in local recipient table", ["does not exist"]),
        HintCase(
            "550-5.1.1 Gmail, several lines", S.mail, "RCPT TO:<nobody@gmail.com>",
            "550-5.1.1 The email account that you tried to reach does not exist. Please try\n550 5.1.1  https://support.google.com/mail/?p=NoSuchUser - gsmtp",
            ["does not exist", "X.1.1"]),
        HintCase(
            "552 5.3.4 after the final dot", S.recipient + ["C: DATA", "S: 354 End data with <CR><LF>.<CR><LF>", "C: Subject: big"], ".",
            "552 5.3.4 Message size exceeds fixed limit", ["SIZE limit (10240000 bytes here)", "RFC 1870"]),
        HintCase(
            "552 to MAIL with SIZE=", S.ehlo, "MAIL FROM:<alice@example.org> SIZE=99999999",
            "552 5.3.4 Message size exceeds fixed limit", ["SIZE limit"]),
        HintCase(
            "452 too many recipients", S.recipient, "RCPT TO:<many@example.org>",
            "452 4.5.3 Error: too many recipients", ["Too many recipients", "§4.5.3.1.10"]),
        HintCase(
            "552 to RCPT from an old server", S.recipient, "RCPT TO:<many@example.org>",
            "552 Too many recipients", ["Too many recipients"]),
    ]

    static let syntax: [HintCase] = [
        HintCase(
            "500 unknown command", S.ehlo, "HLEO client.example",
            "500 5.5.2 Error: command not recognized", ["does not know this command", "EHLO", "HELP"]),
        HintCase("502 VRFY disabled", S.ehlo, "VRFY bob", "502 5.5.1 VRFY command is disabled", ["does not offer VRFY", "EHLO"]),
        HintCase(
            "500 to EHLO from an old server", S.greeting, "EHLO client.example",
            "500 Command unrecognized", ["HELO", "RFC 5321 §3.2"]),
        HintCase(
            "500 line too long", S.ehlo, "NOOP " + String(repeating: "x", count: 600),
            "500 5.5.2 Error: line too long", ["512", "§4.5.3.1.4"]),
        HintCase(
            "501 to MAIL", S.ehlo, "MAIL FROM: alice@example.org",
            "501 5.5.4 Syntax: MAIL FROM:<address>", ["MAIL FROM:<", "angle brackets", "no space after the colon", "RFC 5321 §3.3"]),
        HintCase(
            "501 to RCPT", S.mail, "RCPT TO:bob@example.org",
            "501 5.1.3 Bad recipient address syntax", ["RCPT TO:<", "angle brackets"]),
        HintCase(
            "500 to MAIL from a server that means 501", S.ehlo, "MAIL FROM: <alice@example.org>",
            "500 5.5.2 Syntax error", ["MAIL FROM:<", "no space after the colon"]),
        HintCase(
            "501 to EHLO without a name", S.greeting, "EHLO",
            "501 5.5.4 EHLO needs your host name or address literal", ["host name", "§4.1.1.1"]),
        HintCase(
            "555 unknown MAIL parameter", S.ehlo, "MAIL FROM:<alice@example.org> FOO=1",
            "555 5.5.4 Unsupported option: FOO=1", ["EHLO", "§4.1.1.11"]),
    ]

    static let progress: [HintCase] = [
        HintCase("220 greeting", [], nil, "220 mail.example.org ESMTP Postfix", ["EHLO"]),
        HintCase("554 greeting", [], nil, "554 5.7.1 No SMTP service here", ["refuses", "QUIT", "RFC 5321 §3.1"]),
        HintCase("354 to DATA", S.recipient, "DATA", "354 End data with <CR><LF>.<CR><LF>", ["only \".\""]),
        HintCase(
            "250 after the final dot", S.recipient + ["C: DATA", "S: 354 go ahead", "C: Subject: hi", "C: ", "C: Hello"], ".",
            "250 2.0.0 Ok: queued as 4BxK1d2Q5Wz9", ["queued", "MAIL FROM", "QUIT"]),
        HintCase("221 to QUIT", S.ehlo, "QUIT", "221 2.0.0 Bye", ["closes the connection"]),
        HintCase(
            "421 unsolicited", S.ehlo, nil, "421 4.4.2 mail.example.org Error: timeout exceeded",
            ["closing", "/reconnect", "RFC 5321 §3.8"]),
        HintCase(
            "421 to a command", S.mail, "RCPT TO:<bob@example.org>",
            "421-4.7.0 Our system has detected an unusual rate of\n421 4.7.0 unsolicited mail. - gsmtp", ["closing", "/reconnect"]),
        HintCase("220 to STARTTLS", S.ehlo, "STARTTLS", "220 2.0.0 Ready to start TLS", ["EHLO again", "RFC 3207"]),
    ]

    static let all = sequence + security + delivery + syntax + progress

    @Test(arguments: all)
    func aHintFollowsTheReply(_ hintCase: HintCase) throws {
        let hint = try #require(hintCase.hint(), "no hint after \(hintCase.reply)")
        for fragment in hintCase.expected {
            #expect(hint.contains(fragment), "hint \(hint.debugDescription) lacks \(fragment.debugDescription)")
        }
    }

    @Test(arguments: all)
    func hintsAreOneShortLine(_ hintCase: HintCase) {
        guard let hint = hintCase.hint() else { return }
        #expect(hint.count <= Hints.maximumLength, "\(hint.count) characters: \(hint)")
        #expect(!hint.isEmpty && !hint.contains("\n") && !hint.contains("\r"))
        #expect(hint == hint.trimmingSpaces, "no padding around \(hint.debugDescription)")
    }

    @Test func theSizeHintLeavesOutALimitTheServerDidNotAdvertise() throws {
        var conversation = TeachingConversation(after: S.greeting + ["C: HELO client.example", "S: 250 mail.example.org"])
        let reply = conversation.exchange("MAIL FROM:<a@example.org>", "552 Message too large")
        let hint = try #require(reply)
        #expect(hint.contains("SIZE limit,") && !hint.contains("bytes here"))
    }
}

extension String {
    /// The string without leading and trailing spaces.
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

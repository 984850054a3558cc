import SMTPTranscript

/// Transcript entries built as the practice server records a conversation: client lines,
/// its reply lines (`SMTPD:`), events.
struct ConversationBuilder {
    private(set) var entries: [TranscriptEntry] = []
    private var time: Double

    init(started: Double = 1_800_000_000) {
        time = started
        event(.connected(target: "127.0.0.1:2525", address: "127.0.0.1:40000"))
    }

    private mutating func tick() -> Double {
        time += 0.25
        return time
    }

    mutating func client(_ line: String, secret: Bool = false, redacted: String? = nil) {
        entries.append(
            TranscriptEntry(direction: .client, bytes: Array(line.utf8), timestamp: tick(), isSecret: secret, redactedText: redacted))
    }

    mutating func server(_ lines: String...) {
        let now = tick()
        for line in lines { entries.append(TranscriptEntry(direction: .server, bytes: Array(line.utf8), timestamp: now)) }
    }

    mutating func event(_ event: TranscriptEvent) { entries.append(.event(event, timestamp: tick())) }

    /// Greeting, EHLO and its reply.
    static func greeted(ehlo: Bool = true) -> ConversationBuilder {
        var builder = ConversationBuilder()
        builder.server("220 practice.smtpc.test ESMTP smtpc practice server")
        if ehlo {
            builder.client("EHLO student")
            builder.server("250-practice.smtpc.test", "250-PIPELINING", "250-STARTTLS", "250 CHUNKING")
        }
        return builder
    }

    /// One message sent command by command.
    mutating func sendMessage(to recipient: String = "bob@example.org") {
        client("MAIL FROM:<alice@example.org>")
        server("250 2.1.0 Sender OK")
        client("RCPT TO:<\(recipient)>")
        server("250 2.1.5 Recipient OK")
        client("DATA")
        server("354 End data with <CR><LF>.<CR><LF>")
        client("Subject: hello")
        client("")
        client("MAIL FROM:<not-a-command@example.org>")
        client("RCPT TO:<nor-this@example.org>")
        client(".")
        server("250 2.0.0 Accepted as 1A2B3C")
    }

    mutating func quit() {
        client("QUIT")
        server("221 2.0.0 Bye")
        event(.closed(by: .client, reason: nil))
    }
}

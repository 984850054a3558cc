import Foundation
import SMTPCore
import TestSupport
import Testing

/// The MAIL FROM / RCPT TO lines `MailEnvelope` builds, sent by Python's smtplib (an
/// independent client) to the test Postfix, which advertises DSN and SMTPUTF8: Postfix
/// accepts every parameter, and the queue ID read from its final reply is the one its
/// log names.
@Suite(.serialized) struct EnvelopeAgainstPostfixTests {
    let env: TestEnvironment

    init() throws {
        env = try TestEnvironment.load()
    }

    /// Sends EHLO, then each line of `lines` (after DATA's 354, `message` and the final dot),
    /// and prints every reply as it came on the wire.
    private static let client = """
        import smtplib, sys
        host, port, message, lines = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
        smtp = smtplib.SMTP(host, port, timeout=20)
        smtp.command_encoding = "utf-8"
        def show(code, text):
            parts = text.decode("utf-8").split("\\n")
            for index, part in enumerate(parts):
                sys.stdout.write("%d%s%s\\r\\n" % (code, " " if index == len(parts) - 1 else "-", part))
        show(*smtp.ehlo("envelope.client.example"))
        for line in lines:
            code, text = smtp.docmd(line)
            show(code, text)
            if line == "DATA" and code == 354:
                smtp.send(message.encode("utf-8") + b"\\r\\n.\\r\\n")
                show(*smtp.getreply())
        smtp.quit()
        """

    /// The replies to EHLO and to each of `lines`, parsed by SMTPCore.
    private func converse(_ lines: [String], message: String = "") throws -> [Reply] {
        let python = "/usr/bin/python3"
        try #require(FileManager.default.isExecutableFile(atPath: python), "python3 is needed: apt-get install python3")
        let result = try Binary.run(
            executable: python, ["-c", Self.client, env.host, String(env.smtpPort), message] + lines, timeout: 30)
        try #require(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        var parser = ReplyParser()
        return (parser.feed(Array(result.stdout.utf8)) + parser.finish()).compactMap { event in
            if case .reply(let reply) = event { return reply }
            return nil
        }
    }

    @Test func postfixAcceptsTheBuiltLinesAndItsQueueIDIsFound() throws {
        let token = UUID().uuidString
        let ehlo = try #require(try converse([]).first)
        let capabilities = Capabilities(ehloReply: ehlo)
        #expect(capabilities.contains("DSN") && capabilities.contains("SMTPUTF8"), "\(capabilities.keywords)")

        let message = "Subject: envelope \(token)\r\n\r\nDSN and SMTPUTF8 parameters."
        let envelope = MailEnvelope(
            sender: env.user,
            recipients: [
                .init(
                    env.user, notify: try DSNNotify(parsing: "failure,delay"),
                    originalRecipient: try OriginalRecipient(parsing: "alice+orig=1@smtpc.test")),
                .init(env.user, notify: .never, originalRecipient: try OriginalRecipient(parsing: "josé@smtpc.test")),
                .init(env.unknownUser, notify: .never),
            ],
            size: message.utf8.count + 5, smtpUTF8: .always, ret: .headers, envelopeID: try EnvelopeID("run \(token)"))
        let commands = try envelope.commands(advertised: capabilities, tlsActive: false)
        #expect(commands.mail.hasSuffix(" SMTPUTF8 RET=HDRS ENVID=run+20\(token)"), "\(commands.mail)")
        #expect(commands.recipients[0].hasSuffix("ORCPT=rfc822;alice+2Borig+3D1@smtpc.test"))
        #expect(commands.recipients[1].hasSuffix("ORCPT=utf-8;jos\\x{E9}@smtpc.test"))

        let offset = env.postfixLogOffset()
        let replies = try converse([commands.mail] + commands.recipients + ["DATA"], message: message)
        try #require(replies.count == 7, "EHLO, MAIL, three RCPT, DATA, the end of data: \(replies.map(\.textLines))")
        #expect(replies[1].code == 250, "MAIL: \(replies[1].textLines)")
        let result = DeliveryResult(
            mail: replies[1], recipients: zip(envelope.recipients.map(\.address), replies[2...4].map { $0 }).map { ($0, $1) },
            final: replies[6])
        #expect(result.recipients.map(\.reply?.code) == [250, 250, 550], "\(result.recipients)")
        #expect(result.outcome == .someRefused)
        let queueID = try #require(result.queueID, "\(replies[6].textLines)")
        #expect(queueID.format == .postfix)
        #expect(env.postfixLogShows("\(queueID.value): from=<\(env.user)>", after: offset), "the log names the same queue ID")
        #expect(Maildir.waitForMessage(in: env.maildir, containing: token) != nil)
    }
}

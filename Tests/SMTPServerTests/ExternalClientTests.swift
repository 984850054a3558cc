import Foundation
import SMTPServer
import Testing

/// Real SMTP clients from Debian's packages against the practice server: swaks (package
/// swaks), Python's smtplib (python3) and Postfix's smtp-source (postfix).
@Suite(.serialized) struct ExternalClientTests {
    @Test(arguments: ["PLAIN", "LOGIN", "CRAM-MD5"])
    func swaksCompletesATransactionWithStartTLSAndAuth(mechanism: String) async throws {
        let swaks = try ExternalTool.locate("swaks", package: "swaks libnet-ssleay-perl libdigest-hmac-perl")
        let server = try await ServerFixture.start()
        defer { Task { await server.stop() } }
        let outcome = try await ExternalTool.run(
            swaks,
            [
                "--server", "127.0.0.1:\(server.port)", "--from", "teacher@example.org", "--to", "learner@example.net",
                "--tls", "--auth", mechanism, "--auth-user", "learner", "--auth-password", "practice",
                "--header", "Subject: swaks \(mechanism)", "--body", "Sent by swaks.",
            ])
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("<-  220 2.0.0 Ready to start TLS"))
        #expect(outcome.output.contains("=== TLS started with cipher"))
        #expect(outcome.output.contains("<~  235 2.7.0 Authentication successful, welcome learner"))
        let message = try #require(server.messages.first, "\(outcome.output)")
        #expect(message.from == "teacher@example.org" && message.recipients == ["learner@example.net"])
        #expect(message.subject == "swaks \(mechanism)")
        #expect(message.envelope.overTLS && message.envelope.authenticatedUser == "learner")
    }

    @Test func swaksWithAWrongPasswordIsRefused() async throws {
        let swaks = try ExternalTool.locate("swaks", package: "swaks libnet-ssleay-perl")
        let server = try await ServerFixture.start()
        defer { Task { await server.stop() } }
        let outcome = try await ExternalTool.run(
            swaks,
            [
                "--server", "127.0.0.1:\(server.port)", "--to", "learner@example.net", "--tls",
                "--auth", "PLAIN", "--auth-user", "learner", "--auth-password", "wrong",
            ])
        #expect(outcome.status != 0)
        #expect(outcome.output.contains("535 5.7.8 Authentication credentials invalid"))
        #expect(server.messages.isEmpty)
    }

    @Test func swaksSendsWithBDATAndPipelining() async throws {
        let swaks = try ExternalTool.locate("swaks", package: "swaks")
        let server = try await ServerFixture.start()
        defer { Task { await server.stop() } }
        let outcome = try await ExternalTool.run(
            swaks,
            [
                "--server", "127.0.0.1:\(server.port)", "--from", "a@example.org", "--to", "b@example.net,c@example.net",
                "--pipeline", "--header", "Subject: pipelined",
            ])
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(server.messages.first?.recipients == ["b@example.net", "c@example.net"])
    }

    /// smtplib's three AUTH mechanisms after STARTTLS, and a message through `send_message`.
    @Test func pythonSmtplibCompletesTransactionsWithStartTLSAndAuth() async throws {
        let python = try ExternalTool.locate("python3", package: "python3")
        let server = try await ServerFixture.start()
        defer { Task { await server.stop() } }
        let script = """
            import smtplib, ssl, sys
            from email.message import EmailMessage
            port = int(sys.argv[1])
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            for mechanism in ["PLAIN", "LOGIN", "CRAM-MD5"]:
                with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
                    smtp.ehlo("python.example")
                    assert smtp.has_extn("starttls"), smtp.esmtp_features
                    assert not smtp.has_extn("auth"), "AUTH before STARTTLS"
                    smtp.starttls(context=context)
                    smtp.ehlo("python.example")
                    assert "CRAM-MD5" in smtp.esmtp_features["auth"], smtp.esmtp_features
                    smtp.user, smtp.password = "learner", "practice"
                    code, text = smtp.auth(mechanism, getattr(smtp, "auth_" + mechanism.lower().replace("-", "_")))
                    assert code == 235, (code, text)
                    message = EmailMessage()
                    message["From"] = "python@example.org"
                    message["To"] = "learner@example.net"
                    message["Subject"] = "smtplib " + mechanism
                    message.set_content("Grüße from smtplib\\n.leading dot\\n")
                    smtp.send_message(message)
            print("all sent")
            """
        let outcome = try await ExternalTool.run(python, ["-c", script, String(server.port)])
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(server.messages.map(\.subject) == ["smtplib PLAIN", "smtplib LOGIN", "smtplib CRAM-MD5"])
        #expect(server.messages.allSatisfy { $0.envelope.overTLS && $0.envelope.authenticatedUser == "learner" })
        let body = String(decoding: server.messages.first?.data ?? [], as: UTF8.self)
        #expect(body.contains("\r\n.leading dot\r\n"), "dot-stuffed by smtplib, unstuffed by the server")
    }

    @Test func smtpSourceSendsManyMessagesInParallel() async throws {
        let smtpSource = try ExternalTool.locate("smtp-source", package: "postfix")
        let maildir = try ServerFixture.temporaryDirectory("smtp-source")
        let server = try await ServerFixture.start { $0.maildir = maildir }
        defer { Task { await server.stop() } }
        let outcome = try await ExternalTool.run(
            smtpSource,
            [
                "-s", "10", "-m", "100", "-c", "-f", "source@example.org", "-t", "sink@example.net",
                "127.0.0.1:\(server.port)",
            ], timeout: 120)
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(server.messages.count == 100)
        #expect(try FileManager.default.contentsOfDirectory(atPath: maildir + "/new").count == 100)
        #expect(server.messages.allSatisfy { $0.from == "source@example.org" && $0.recipients == ["sink@example.net"] })
    }
}

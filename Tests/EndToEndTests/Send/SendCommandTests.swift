import Foundation
import TestSupport
import Testing

/// `smtpc send` against the real Postfix of `make test`: what Postfix stored is read back by
/// Python's `email` package, DKIM signatures are checked by dkimpy with the keys the test
/// dnsmasq publishes, and `--json` is validated against its schema by jsonschema.
@Suite(.serialized) struct SendCommandTests {
    let env: TestEnvironment
    let directory: String

    init() throws {
        env = try TestEnvironment.load()
        directory = try PseudoTerminal.makeTemporaryDirectory()
    }

    private static let checker = Binary.packageRoot.appendingPathComponent("Tests/EndToEndTests/Send/send-check.py").path
    /// Debian's Python, which has dkimpy and jsonschema from the test set-up.
    private static let python = "/usr/bin/python3"

    private func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = directory + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Runs `smtpc send` to Postfix's plain port (STARTTLS offered, not used unless asked).
    private func send(_ arguments: [String], port: Int? = nil, input: String = "") throws -> Binary.Result {
        try Binary.run(["send"] + arguments + [env.host, String(port ?? env.smtpPort)], input: input, timeout: 60)
    }

    /// The message Postfix stored with `token` in it, written to a file for Python.
    private func stored(_ token: String) throws -> String {
        let text = try #require(Maildir.waitForMessage(in: env.maildir, containing: token), "nothing stored with \(token)")
        return try file("stored-\(token).eml", Array(text.utf8))
    }

    private func check(_ arguments: [String]) throws -> String {
        let result = try Binary.run(executable: Self.python, [Self.checker] + arguments)
        #expect(result.status == 0, "send-check.py \(arguments): \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private struct Parsed: Decodable {
        struct Part: Decodable {
            let type: String
            let sha256: String?
            let filename: String?
            let cid: String?
            let defects: [String]
        }
        let headers: [String: String]
        let parts: [Part]
        let defects: [String]
    }

    private static func sha256(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "sha-\(UUID().uuidString)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Binary.run(executable: "/usr/bin/sha256sum", [path])
        return String(result.stdout.prefix(64))
    }

    @Test func aMultipartMessageWithAttachmentsArrivesWholeAndDecodesBack() throws {
        let token = UUID().uuidString
        var random = SystemRandomNumberGenerator()
        let binary = (0..<70_000).map { _ in UInt8.random(in: 0...255, using: &random) } + [0x0D, 0x0A, 0x00, 0x0D]
        let attachment = try file("data.bin", binary)
        let notes = try file("notes.txt", Array("Zeile eins\nzwei\n".utf8))
        let png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + (0..<300).map { UInt8($0 % 251) }
        let logo = try file("logo.png", png)
        let html = try file("page.html", Array("<p>Hallo <img src=\"cid:logo.png\"> \(token)</p>\n".utf8))
        let result = try send([
            "--from", "Sender Ünicode <carol@example.org>", "--to", "Alice <\(env.user)>", "--cc", "bob@smtpc.test",
            "--bcc", "bob@smtpc.test", "--subject", "Grüße aus smtpc", "--body", "text \(token)", "--html", "@" + html,
            "--inline", logo, "--attach", attachment, "--attach", notes + ";type=text/plain;name=Notizen ä.txt",
        ])
        #expect(result.status == 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        let queued = try #require(result.stdout.range(of: #"queued as [0-9A-Za-z]+"#, options: .regularExpression))
        let queueID = String(result.stdout[queued].dropFirst("queued as ".count))
        #expect(result.stdout.contains("\(queueID) (postfix)"), "the table names Postfix's queue ID: \(result.stdout)")
        let parsed = try JSONDecoder().decode(Parsed.self, from: Data(try check(["structure", try stored(token)]).utf8))
        #expect(
            parsed.parts.map(\.type) == [
                "multipart/mixed", "multipart/alternative", "text/plain", "multipart/related", "text/html", "image/png",
                "application/octet-stream", "text/plain",
            ])
        #expect(parsed.headers["Subject"] == "Grüße aus smtpc")
        #expect(parsed.headers["From"] == "Sender Ünicode <carol@example.org>")
        #expect(parsed.headers["Cc"] == "bob@smtpc.test")
        #expect(parsed.headers["Bcc"] == "None", "Bcc is never a header")
        #expect(parsed.defects.isEmpty && parsed.parts.allSatisfy(\.defects.isEmpty), "\(parsed)")
        let files = parsed.parts.filter { $0.filename != nil }
        #expect(files.map(\.filename) == ["logo.png", "data.bin", "Notizen ä.txt"])
        // A text attachment may arrive with its line ends as Postfix stores them (LF).
        let expected = [try Self.sha256(png), try Self.sha256(binary)]
        let notesCRLF = try Self.sha256(Array("Zeile eins\r\nzwei\r\n".utf8))
        let notesLF = try Self.sha256(Array("Zeile eins\nzwei\n".utf8))
        let hashes = files.map(\.sha256)
        #expect(hashes == expected + [notesCRLF] || hashes == expected + [notesLF], "\(hashes)")
        #expect(parsed.parts.first { $0.type == "image/png" }?.cid == "<logo.png>")
    }

    @Test func someRecipientsRefusedEndsWithThreeAndTheJSONMatchesItsSchema() throws {
        let token = UUID().uuidString
        let result = try send([
            "--from", "carol@example.org", "--to", env.user, "--to", env.unknownUser, "--body", token, "--json",
        ])
        #expect(result.status == 3, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        #expect(result.stderr.contains("550"), "the conversation goes to standard error")
        let json = try file("result-\(token).json", Array(result.stdout.utf8))
        let schema = Binary.packageRoot.appendingPathComponent("docs/send-result.schema.json").path
        #expect(try check(["schema", schema, json]) == "valid")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["outcome"] as? String == "some-refused")
        let transactions = try #require(object["transactions"] as? [[String: Any]])
        let recipients = try #require(transactions.first?["recipients"] as? [[String: Any]])
        #expect(recipients.map { $0["accepted"] as? Bool } == [true, false])
        #expect((transactions.first?["queueID"] as? [String: Any])?["format"] as? String == "postfix")
        _ = try stored(token)
    }

    @Test func requireTLSOnAPlainSessionIsAnErrorBeforeMail() throws {
        let result = try send(["--from", "carol@example.org", "--to", env.user, "--body", "x", "--requiretls"], port: env.noTLSPort)
        #expect(result.status == 86, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        #expect((result.stdout + result.stderr).contains("REQUIRETLS"))
        #expect(!result.stdout.contains("MAIL FROM"), "nothing was sent: \(result.stdout)")
    }

    @Test(arguments: ["rsa", "ed"]) func dkimSignaturesVerifyWithDkimpyAndFailWhenAltered(selector: String) throws {
        let token = UUID().uuidString
        let keys = env.values["SMTPC_TEST_DKIM_DIR"] ?? env.directory + "/dkim"
        let key = keys + "/" + (selector == "rsa" ? "rsa.key" : "ed25519.key")
        let result = try send([
            "--from", "carol@\(env.domain)", "--to", env.user, "--subject", "signed \(selector)", "--body", "signed \(token)",
            "--attach", try file("a-\(selector).bin", [1, 2, 3, 255]), "--dkim", "\(env.domain):\(selector):\(key)",
        ])
        #expect(result.status == 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        let path = try stored(token)
        #expect(try check(["dkim", path, String(env.dnsPort)]) == "True")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let altered = try file(
            "altered-\(selector).eml", Array(text.replacingOccurrences(of: "signed \(token)", with: "forged \(token)").utf8))
        #expect(try check(["dkim", altered, String(env.dnsPort)]) == "False")
    }

    @Test func notifySuccessBringsADeliveryReportToTheSender() throws {
        let token = UUID().uuidString
        let result = try send([
            "--from", "bob@\(env.domain)", "--to", env.user, "--body", token, "--notify", "success", "--envid", token,
        ])
        #expect(result.status == 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        #expect(result.stdout.contains("NOTIFY=SUCCESS") && result.stdout.contains("ENVID=\(token)"))
        // Postfix's report to the sender (bob's mailbox) quotes the envelope ID.
        let reports = Maildir.messages(in: env.maildir, containing: "Original-Envelope-Id: \(token)", count: 1, timeout: 30)
        #expect(reports.first?.contains("report-type=delivery-status") == true, "no delivery report for \(token)")
        #expect(reports.first?.contains("Final-Recipient: rfc822; \(env.user)") == true)
    }

    @Test func aUTF8SenderGoesOutWithSMTPUTF8AndIsDelivered() throws {
        let token = UUID().uuidString
        let result = try send(["--from", "ñandú@example.org", "--to", env.user, "--body", token])
        #expect(result.status == 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        #expect(result.stdout.contains("MAIL FROM:<ñandú@example.org>") && result.stdout.contains(" SMTPUTF8"))
        #expect(try stored(token).isEmpty == false)
    }

    @Test func aGivenMessageWithBareLineFeedsIsSignedAsSentAndVerifies() throws {
        let token = UUID().uuidString
        let text = "From: carol@\(env.domain)\nTo: \(env.user)\nSubject: given \(token)\n\nline one\n.line with a dot\n\n"
        let path = try file("given-\(token).eml", Array(text.utf8))
        let keys = env.values["SMTPC_TEST_DKIM_DIR"] ?? env.directory + "/dkim"
        let result = try send([
            "--from", "carol@\(env.domain)", "--to", env.user, "--message", "@" + path, "--dkim", "\(env.domain):rsa:\(keys)/rsa.key",
        ])
        #expect(result.status == 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        #expect(try check(["dkim", try stored(token), String(env.dnsPort)]) == "True")
    }

    /// Attachments are read from disk as they go out: a six times larger one adds next to
    /// nothing to the peak resident set (GNU time's maximum RSS of the whole run).
    @Test func theAttachmentIsStreamedNotHeld() throws {
        func peakKiB(attaching megabytes: Int) throws -> Int {
            var random = SystemRandomNumberGenerator()
            let bytes = (0..<(megabytes << 20)).map { _ in UInt8.random(in: 0...255, using: &random) }
            let path = try file("stream-\(megabytes).bin", bytes)
            let result = try Binary.run(
                executable: "/usr/bin/time",
                [
                    "-f", "peak %M", Binary.path, "send", "-q", "--from", "carol@example.org", "--to", env.user, "--body", "x",
                    "--attach", path, env.host, String(env.smtpPort),
                ], timeout: 120)
            #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
            let line = try #require(result.stderr.split(separator: "\n").last { $0.hasPrefix("peak ") })
            return Int(line.dropFirst(5)) ?? 0
        }
        let small = try peakKiB(attaching: 1)
        let large = try peakKiB(attaching: 6)
        #expect(large - small < 3 * 1024, "1 MiB: \(small) KiB, 6 MiB: \(large) KiB")
    }

    @Test func aMissingPasswordIsAnErrorBeforeConnectingNeverAPrompt() throws {
        let result = try send(["--user", env.user, "--from", env.user, "--to", env.user, "--body", "x"], port: env.submissionPort)
        #expect(result.status == 64, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        #expect(result.stderr.contains("needs its password"), "\(result.stderr)")
        #expect(result.stdout.isEmpty, "nothing was said to a server: \(result.stdout)")
    }
}

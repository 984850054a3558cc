import Foundation
import SMTPServer
import TestSupport
import Testing

/// The practice server verifies DKIM on what it receives: messages signed by dkimpy, sent by
/// Python's smtplib, stored with Received and Authentication-Results fields that Python's
/// `email` package reads back from the maildir.
@Suite(.serialized) struct DKIMReceivingTests {
    static let message = Array(
        ("From: Joe <joe@football.example.com>\r\nTo: suzie@shopping.example.net\r\nSubject: SUBJECT\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
            + "preamble\r\n--b1\r\nContent-Type: text/plain\r\n\r\nWe lost the game.\r\n"
            + "--b1\r\nContent-Type: application/octet-stream; name=\"a.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + "AAEC\r\n--b1--\r\n").utf8)

    /// A key made by openssl, and its record made from openssl's public key.
    static func key(_ directory: String, _ name: String, _ arguments: [String]) throws -> (path: String, record: String) {
        let path = "\(directory)/\(name).pem"
        _ = try TestCertificateFiles.openssl([arguments[0], "-out", path] + arguments.dropFirst())
        let pem = try TestCertificateFiles.openssl(["pkey", "-in", path, "-pubout"])
        let base64 = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        if name == "ed25519" {
            return (path, "v=DKIM1; k=ed25519; p=\(Data(Data(base64Encoded: base64)!.dropFirst(12)).base64EncodedString())")
        }
        return (path, "v=DKIM1; k=rsa; p=\(base64)")
    }

    @Test func signedMessagesPassAlteredOnesFailAndTheTraceFieldsAreStored() async throws {
        let directory = try ServerFixture.temporaryDirectory("dkim")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let rsa = try Self.key(directory, "rsa", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"])
        let ed25519 = try Self.key(directory, "ed25519", ["genpkey", "-algorithm", "ed25519"])
        // Two forms of line: with TXT and without, and a zone-file record in parentheses.
        let zone = """
            ; keys for the test
            rsa._domainkey.football.example.com TXT "\(rsa.record)"
            ed._domainkey.football.example.com. IN TXT ( "\(ed25519.record.prefix(30))"
                "\(ed25519.record.dropFirst(30))" )
            """
        let zonePath = directory + "/keys.zone"
        try zone.write(toFile: zonePath, atomically: true, encoding: .utf8)
        let keys = try DKIMKeyZone(contentsOfFile: zonePath)
        #expect(keys.records.count == 2)

        func message(_ subject: String) -> [UInt8] {
            Array(String(decoding: Self.message, as: UTF8.self).replacing("SUBJECT", with: subject).utf8)
        }
        let signed = try DkimpySigner.sign([
            .init(message: message("rsa"), keyPath: rsa.path, domain: "football.example.com", selector: "rsa"),
            .init(
                message: message("ed25519"), keyPath: ed25519.path, domain: "football.example.com", selector: "ed",
                canonicalization: "simple/simple"),
            .init(message: message("altered"), keyPath: rsa.path, domain: "football.example.com", selector: "rsa"),
            .init(message: message("unknown key"), keyPath: rsa.path, domain: "football.example.com", selector: "gone"),
        ])
        let altered = Array(String(decoding: signed[2], as: UTF8.self).replacing("We lost", with: "We won").utf8)
        let messages = [signed[0], signed[1], altered, signed[3], message("unsigned")]

        let maildir = directory + "/maildir"
        let server = try await ServerFixture.start {
            $0.maildir = maildir
            $0.dkimKeys = keys
        }
        defer { Task { await server.stop() } }
        for (index, bytes) in messages.enumerated() {
            try Data(bytes).write(to: URL(fileURLWithPath: "\(directory)/send-\(index).eml"))
        }
        let script = """
            import email, email.policy, glob, json, smtplib, sys
            directory, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
            with smtplib.SMTP("127.0.0.1", port) as client:
                client.ehlo("client.example")
                for index in range(count):
                    with open("%s/send-%d.eml" % (directory, index), "rb") as f:
                        client.sendmail("joe@football.example.com", ["suzie@shopping.example.net"], f.read())
            for path in sorted(glob.glob(directory + "/maildir/new/*")):
                with open(path, "rb") as f:
                    message = email.message_from_binary_file(f, policy=email.policy.default)
                unfold = lambda value: " ".join(str(value).split())
                print(json.dumps({"subject": str(message["Subject"]), "fields": list(message.keys())[:4],
                    "received": unfold(message["Received"]), "results": unfold(message["Authentication-Results"]),
                    "parts": [part.get_content_type() for part in message.walk()]}))
            """
        let outcome = try await ExternalTool.run(
            "/usr/bin/python3", ["-c", script, directory, "\(server.port)", "\(messages.count)"])
        #expect(outcome.status == 0, "\(outcome.output)")
        let stored = outcome.output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(stored.count == messages.count, "\(outcome.output)")
        var results: [String: String] = [:]
        for entry in stored {
            let subject = entry["subject"] as? String ?? ""
            results[subject] = entry["results"] as? String
            #expect((entry["fields"] as? [String])?.prefix(3) == ["Return-Path", "Received", "Authentication-Results"])
            let received = entry["received"] as? String ?? ""
            #expect(received.hasPrefix("from client.example ([127.0.0.1]) by localhost with ESMTP id P"), "\(received)")
            #expect(entry["parts"] as? [String] == ["multipart/mixed", "text/plain", "application/octet-stream"])
        }
        #expect(results["rsa"]?.hasPrefix("localhost; dkim=pass header.d=football.example.com header.s=rsa") == true, "\(results)")
        #expect(results["ed25519"]?.contains("dkim=pass header.d=football.example.com header.s=ed header.a=ed25519-sha256") == true)
        #expect(results["altered"]?.hasPrefix("localhost; dkim=fail (body hash did not verify)") == true, "\(results)")
        #expect(results["unknown key"]?.contains("dkim=permerror (no key for signature at gone._domainkey") == true)
        #expect(results["unsigned"] == "localhost; dkim=none")
        #expect(
            server.messages.map { String($0.dkimSummary.prefix(10)) } == [
                "dkim=pass ", "dkim=pass ", "dkim=fail ", "dkim=perme", "dkim=none",
            ])
    }

    @Test func keyZoneErrorsNameTheFileAndLine() throws {
        let cases: [(String, String)] = [
            (
                "a._domainkey.example.com TXT \"v=DKIM1; p=\"\nbad line",
                "keys:2: 'bad' is not a name of the form SELECTOR._domainkey.DOMAIN"
            ),
            ("s._domainkey.example.com MX \"x\"", "keys:1: a MX record; DKIM keys are TXT records"),
            ("s._domainkey.example.com TXT v=DKIM1", "keys:1: text must be in quotes: v=DKIM1"),
            ("s._domainkey.example.com TXT \"v=DKIM1", "keys:1: a quoted string is not closed on its line"),
            ("\n# c\ns._domainkey.example.com TXT ( \"v=DKIM1\"\n", "keys:3: a '(' is not closed"),
            ("s._domainkey.example.com \"a\"\nS._domainkey.example.com. \"b\"", "keys:2: s._domainkey.example.com is given twice"),
        ]
        for (text, expected) in cases {
            #expect(throws: (any Error).self) { try DKIMKeyZone(text: text) }
            do {
                _ = try DKIMKeyZone(text: text)
            } catch {
                #expect(error.description == expected)
            }
        }
        let zone = try DKIMKeyZone(text: "s._domainkey.Example.com \"v=DKIM1; \" \"p=abc\" ; comment")
        #expect(zone.record(selector: "s", domain: "example.COM") == "v=DKIM1; p=abc")
    }

    @Test func mimeTreeOfAMessage() {
        let tree = MIMEPart(Self.message[...]).treeLines
        #expect(
            tree == [
                "multipart/mixed, 174 bytes, 2 parts", "  text/plain, 17 bytes",
                "  application/octet-stream, \"a.bin\", base64, 4 bytes",
            ])
        #expect(MIMEPart(Array("Subject: x\r\n\r\nhello\r\n".utf8)[...]).treeLines == ["text/plain, 7 bytes"])
    }
}

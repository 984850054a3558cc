import Foundation
import TestSupport
import Testing

/// AUTH against the real Postfix (Cyrus SASL, sasldb) from `make test`, typed by hand and
/// through `/auth`; XOAUTH2 against a test server that checks the bytes. After each test
/// the history file and the transcript hold neither the password nor its base64.
@Suite(.serialized) final class AuthTests {
    let env: TestEnvironment
    let directory: URL

    init() throws {
        env = try TestEnvironment.load()
        directory = try makeTemporaryDirectory(prefix: "smtpc-auth")
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    private var historyPath: String { directory.appendingPathComponent("history").path }
    private var transcriptPath: String { directory.appendingPathComponent("session.txt").path }

    /// Every form of the password that must never be on disk.
    private func forbidden(_ password: String) -> [String] {
        let user = env.user
        return [
            password,
            Data(password.utf8).base64EncodedString(),
            Data("\u{0}\(user)\u{0}\(password)".utf8).base64EncodedString(),
        ]
    }

    private func expectNoSecrets(password: String, in paths: [String]) throws {
        for path in paths {
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            for secret in forbidden(password) {
                #expect(!text.contains(secret), "\(path) contains a secret: \(text)")
            }
        }
    }

    private func startTLSConsole() throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(
            executable: Binary.path,
            arguments: [
                "--history", historyPath, "--record", transcriptPath, "--starttls", "--cafile", env.caFile,
                env.host, String(env.smtpPort),
            ],
            columns: 140, rows: 60)
        try #require(terminal.waitFor("TLS> ", timeout: 15), "\(terminal.screenText)")
        return terminal
    }

    @Test func authPlainWithThePasswordTypedWithoutEcho() throws {
        let terminal = try startTLSConsole()
        terminal.send("/auth PLAIN \(env.user)\r")
        #expect(terminal.waitFor("Password: "))
        let mark = terminal.screenText.count
        terminal.send(env.password + "\r")
        #expect(terminal.waitFor("235 2.7.0 Authentication successful", after: mark), "\(terminal.screenText)")
        #expect(terminal.waitFor("AUTH> "), "the prompt shows the authenticated state")
        #expect(terminal.screenText.contains("> AUTH PLAIN [redacted]"))
        #expect(!terminal.rawOutput.contains(env.password), "the password is never echoed")
        terminal.send("/quit\r")
        _ = terminal.waitForExit(timeout: 10)
        try expectNoSecrets(password: env.password, in: [historyPath, transcriptPath])
        let transcript = try String(contentsOfFile: transcriptPath, encoding: .utf8)
        #expect(transcript.contains("CLIENT: AUTH PLAIN [redacted]"))
        #expect(transcript.contains("SMTPD: 235 2.7.0 Authentication successful"))
    }

    @Test func typedAuthLoginWithManualBase64() throws {
        let terminal = try startTLSConsole()
        terminal.send("AUTH LOGIN\r")
        #expect(terminal.waitFor("challenge decoded: \"Username:\""), "\(terminal.screenText)")
        terminal.send(Data(env.user.utf8).base64EncodedString() + "\r")
        #expect(terminal.waitFor("challenge decoded: \"Password:\""))
        let mark = terminal.screenText.count
        terminal.send(Data(env.password.utf8).base64EncodedString() + "\r")
        #expect(terminal.waitFor("235 2.7.0", after: mark), "\(terminal.screenText)")
        #expect(!terminal.rawOutput.contains(Data(env.password.utf8).base64EncodedString()), "answers to 334 are not echoed")
        terminal.sendEndOfFile()
        _ = terminal.waitForExit(timeout: 10)
        try expectNoSecrets(password: env.password, in: [historyPath, transcriptPath])
        let history = (try? String(contentsOfFile: historyPath, encoding: .utf8)) ?? ""
        #expect(!history.contains("AUTH"))
        #expect(!history.contains(Data(env.user.utf8).base64EncodedString()), "no 334 answer is stored")
    }

    @Test func authLoginInAScriptWithAPasswordFile() throws {
        let passwordFile = directory.appendingPathComponent("password").path
        try (env.password + "\n").write(toFile: passwordFile, atomically: true, encoding: .utf8)
        let result = try Binary.run(
            [
                "--starttls", "--cafile", env.caFile, "--record", transcriptPath, "--password-file", passwordFile,
                env.host, String(env.smtpPort),
            ],
            input: "/auth LOGIN \(env.user)\nQUIT\n")
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("235 2.7.0 Authentication successful"))
        #expect(result.stdout.contains("challenge decoded: \"Password:\""))
        #expect(!result.stdout.contains(env.password))
        try expectNoSecrets(password: env.password, in: [transcriptPath])
    }

    @Test func cramMD5AgainstPostfix() throws {
        let result = try Binary.run(
            ["--starttls", "--cafile", env.caFile, "--user", env.user, env.host, String(env.smtpPort)],
            input: "/auth CRAM-MD5\nQUIT\n", environment: ["SMTPC_PASSWORD": env.password])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("> AUTH CRAM-MD5"))
        #expect(result.stdout.contains("235 2.7.0"))
    }

    @Test func wrongPasswordGives535WithItsMeaning() throws {
        let result = try Binary.run(
            ["--starttls", "--cafile", env.caFile, "--user", env.user, env.host, String(env.smtpPort)],
            input: "/auth PLAIN\nQUIT\n", environment: ["SMTPC_PASSWORD": "not-the-password"])
        #expect(result.status == 1, "a negative reply: \(result.stdout)")
        #expect(result.stdout.contains("535 5.7.8"))
        #expect(result.stdout.contains("  # 535 "))
        #expect(result.stdout.contains("· 5.7.8 "))
        #expect(!result.stdout.contains("not-the-password"))
    }

    @Test func authBeforeSTARTTLSIsExplainedInsteadOfSent() throws {
        let result = try Binary.run(
            ["--user", env.user, env.host, String(env.smtpPort)],
            input: "EHLO client.example\n/auth PLAIN\nQUIT\n", environment: ["SMTPC_PASSWORD": env.password])
        #expect(result.stdout.contains("STARTTLS"), "\(result.stdout)")
        #expect(result.stdout.lowercased().contains("only after starttls"), "\(result.stdout)")
        #expect(!result.stdout.contains("> AUTH"), "no doomed AUTH command is sent")
    }

    @Test func noPasswordWithoutTLSInAScriptUnlessAllowed() throws {
        let server = try FaultyServer { line in
            line.hasPrefix("EHLO") ? .send("250-faulty.test\r\n250 AUTH PLAIN\r\n") : .send("235 2.7.0 ok\r\n")
        }
        let refused = try Binary.run(
            ["--user", "u", "127.0.0.1", String(server.port)],
            input: "EHLO client.example\n/auth PLAIN\n", environment: ["SMTPC_PASSWORD": "pw"])
        #expect(refused.stdout.contains("refusing to send credentials without TLS"))
        #expect(!server.receivedLines.contains { $0.hasPrefix("AUTH") })
    }

    @Test func xoauth2IsCheckedByTheServer() throws {
        let token = "ya29.test-token"
        let expected = Data("user=\(env.user)\u{1}auth=Bearer \(token)\u{1}\u{1}".utf8).base64EncodedString()
        let server = try FaultyServer { line in
            if line.hasPrefix("EHLO") { return .send("250-faulty.test\r\n250 AUTH XOAUTH2\r\n") }
            if line == "AUTH XOAUTH2 \(expected)" { return .send("235 2.7.0 Accepted\r\n") }
            if line.hasPrefix("AUTH XOAUTH2 ") { return .send("334 eyJzdGF0dXMiOiI0MDEifQ==\r\n") }
            if line.isEmpty { return .send("535 5.7.8 Username and Password not accepted\r\n") }
            return .send("250 ok\r\n")
        }
        let tokenFile = directory.appendingPathComponent("token").path
        try token.write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let good = try Binary.run(
            [
                "--user", env.user, "--token-file", tokenFile, "--auth-without-tls", "--record", transcriptPath,
                "127.0.0.1", String(server.port),
            ],
            input: "EHLO client.example\n/auth XOAUTH2\n")
        #expect(good.status == 0, "\(good.stdout)")
        #expect(good.stdout.contains("235 2.7.0 Accepted"))
        let transcript = try String(contentsOfFile: transcriptPath, encoding: .utf8)
        #expect(!transcript.contains(token) && !transcript.contains(expected))

        let bad = try Binary.run(
            ["--user", env.user, "--auth-without-tls", "127.0.0.1", String(server.port)],
            input: "EHLO client.example\n/auth XOAUTH2\n", environment: ["SMTPC_TOKEN": "wrong"])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("535 5.7.8"))
        #expect(bad.stdout.contains("401"), "the error challenge is decoded and shown")
    }
}

import Foundation
import TestSupport
import Testing

/// Profiles from `$XDG_CONFIG_HOME/smtpc/config.toml`, against the test Postfix: `@NAME`,
/// `--profile NAME`, options that win, `password_command`, `--profiles`, and mistakes that
/// name the file, the line and the key.
@Suite(.serialized) struct ProfileTests {
    let env: TestEnvironment

    init() throws {
        env = try TestEnvironment.load()
    }

    /// A config directory holding `text` as smtpc/config.toml; the environment that points at it.
    private func config(_ text: String) throws -> (environment: [String: String], file: String) {
        let directory = try makeTemporaryDirectory(prefix: "smtpc-profiles")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("smtpc"), withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("smtpc/config.toml").path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return (["XDG_CONFIG_HOME": directory.path], file)
    }

    private var submission: String {
        """
        # the test Postfix, as a user would write it
        [profiles.test]
        host = "\(env.host)"
        port = \(env.smtpPort)
        tls = "starttls"
        cafile = "\(env.caFile)"
        servername = "\(env.hostname)"
        user = "\(env.user)"
        auth = "plain"
        password_command = "printf '%s\\\\n' '\(env.password)'"

        [profiles.unreachable]
        host = "\(env.host)"
        port = 1
        """
    }

    @Test func aProfileConnectsWithSTARTTLSAndAuthenticatesWithItsPasswordCommand() throws {
        let (environment, _) = try config(submission)
        let directory = try makeTemporaryDirectory(prefix: "smtpc-profile-record")
        let transcript = directory.appendingPathComponent("t.txt").path
        let result = try Binary.run(
            ["@test", "--record", transcript], input: "/auth\nQUIT\n", environment: environment)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("TLS established") && result.stdout.contains("235 2.7.0"), "\(result.stdout)")
        #expect(result.stdout.contains("with PLAIN"))
        let recorded = try String(contentsOfFile: transcript, encoding: .utf8)
        for text in [result.stdout, result.stderr, recorded] {
            #expect(!text.contains(env.password), "the password from password_command was shown or recorded")
        }
    }

    @Test func optionsOnTheCommandLineWinOverTheProfile() throws {
        let (environment, _) = try config(submission)
        // The profile's port 1 refuses; a port given after @NAME wins, and so does --profile with HOST.
        let refused = try Binary.run(["@unreachable", "--connect-timeout", "3"], environment: environment)
        #expect(refused.status == 69, "\(refused.stdout) \(refused.stderr)")
        let byPort = try Binary.run(["@unreachable", String(env.smtpPort)], input: "QUIT\n", environment: environment)
        #expect(byPort.status == 0 && byPort.stdout.contains("220 \(env.hostname) ESMTP"), "\(byPort.stderr)")
        let byHost = try Binary.run(
            ["--profile", "test", "--no-hints", env.host, String(env.noTLSPort)], input: "QUIT\n", environment: environment)
        // The profile's STARTTLS still applies: the listener without TLS refuses it (status 81).
        #expect(byHost.status == 81, "\(byHost.stdout) \(byHost.stderr)")
    }

    @Test func profilesAreListed() throws {
        let (environment, _) = try config(submission)
        let result = try Binary.run(["--profiles"], environment: environment)
        #expect(result.status == 0)
        #expect(
            result.stdout.split(separator: "\n") == [
                "test         \(env.host):\(env.smtpPort), starttls, user \(env.user), auth PLAIN",
                "unreachable  \(env.host):1",
            ], "\(result.stdout)")
    }

    @Test func mistakesNameTheFileTheLineAndTheKeyWithStatus64() throws {
        let cases: [(String, [String], String)] = [
            ("[profiles.a]\nhost = \"x\"\nhots = \"y\"\n", ["@a"], ":3: profiles.a.hots: unknown key 'hots'"),
            ("[profiles.a]\nport = \"25\"\n", ["@a"], ":2: profiles.a.port: expected an integer, found a string"),
            ("[profiles.a\n", ["@a"], ":1: "),
            ("[profiles.a]\nhost = \"x\"\n", ["@b"], "no profile 'b' in "),
            ("[profiles.a]\nhost = \"x\"\npassword = \"p\"\n", ["--profiles"], ":3: profiles.a.password: a password is never kept"),
        ]
        for (text, arguments, words) in cases {
            let (environment, file) = try config(text)
            let result = try Binary.run(arguments, environment: environment)
            #expect(result.status == 64, "\(text.debugDescription): \(result.stderr)")
            #expect(result.stderr.contains(words) && result.stderr.contains(file), "\(text.debugDescription): \(result.stderr)")
        }
        let missing = try Binary.run(["@a"], environment: ["XDG_CONFIG_HOME": "/nonexistent"])
        #expect(missing.status == 64 && missing.stderr.contains("/nonexistent/smtpc/config.toml does not exist"))
    }

    @Test func aFailingPasswordCommandSendsNothing() throws {
        let (environment, _) = try config(submission.replacingOccurrences(of: "printf '%s\\\\n' '\(env.password)'", with: "exit 3"))
        let result = try Binary.run(["@test"], input: "/auth\nQUIT\n", environment: environment)
        #expect(result.stdout.contains("password_command exited with status 3"), "\(result.stdout)")
        #expect(!result.stdout.contains("\n> AUTH"), "no AUTH was sent: \(result.stdout)")
        #expect(!result.stdout.contains("235 ") && !result.stdout.contains("535 "))
    }

    /// bash completes `smtpc @` with the profiles, through the script smtpc generates.
    @Test func bashCompletesProfileNamesAfterAnAt() throws {
        let (environment, _) = try config(submission)
        let directory = URL(fileURLWithPath: Binary.path).deletingLastPathComponent().path
        let script = """
            source <(smtpc --generate-completion-script bash)
            COMP_WORDS=(smtpc @); COMP_CWORD=1; COMP_LINE='smtpc @'; COMP_POINT=7
            _smtpc
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        var shell = environment
        shell["PATH"] = directory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let result = try Binary.run(executable: "/bin/bash", ["-c", script], environment: shell)
        #expect(result.stdout.split(separator: "\n").sorted() == ["@test", "@unreachable"], "\(result.stdout) \(result.stderr)")
    }
}

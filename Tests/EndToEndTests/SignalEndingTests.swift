import Foundation
import TestSupport
import Testing

/// A console ended from outside — its terminal window closed (SIGHUP), `kill` (SIGTERM),
/// `kill -9` — against the real Postfix: nothing recorded is lost, and for the signals it
/// can catch, smtpc leaves as at Ctrl-D (QUIT, history, transcript closed, the terminal
/// back in the mode the shell expects).
@Suite(.serialized) struct SignalEndingTests {
    let env: TestEnvironment

    init() throws {
        env = try TestEnvironment.load()
    }

    /// A console on Postfix with a history file and a transcript, after one NOOP answered.
    private func session(in directory: String) throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(
            executable: Binary.path,
            arguments: [
                "--history", directory + "/history", "--record", directory + "/session.txt", env.host,
                String(env.noTLSPort),
            ],
            columns: 120, rows: 40)
        try #require(terminal.waitFor("> ", timeout: 10), "no prompt: \(terminal.screenText)")
        #expect(terminal.waitForCanonicalWithEcho(false) == false, "libedit holds the terminal in raw mode while editing")
        terminal.send("NOOP signal-test\r")
        try #require(terminal.waitFor("250 "), "\(terminal.screenText)")
        return terminal
    }

    @Test(arguments: [SIGHUP, SIGTERM])
    func aSignalEndsTheConsoleAsCtrlDDoes(signal: Int32) throws {
        let directory = try makeTemporaryDirectory(prefix: "smtpc-signal").path
        let terminal = try session(in: directory)
        terminal.signal(signal)
        #expect(terminal.waitForExit(timeout: 5) == 128 + signal, "exit status 128 + the signal")
        let history = try String(contentsOfFile: directory + "/history", encoding: .utf8)
        #expect(history.contains("NOOP\\040signal-test"), "history saved: \(history)")
        let transcript = try String(contentsOfFile: directory + "/session.txt", encoding: .utf8)
        // Only a console that caught the signal sends QUIT and records the close.
        #expect(transcript.contains("CLIENT: QUIT\n"), "\(transcript)")
        #expect(transcript.contains("SMTPD: 221 "), "\(transcript)")
        #expect(transcript.contains("--- connection closed"), "\(transcript)")
        #expect(terminal.isCanonicalWithEcho() == true, "the terminal is back in canonical mode with echo")
    }

    /// SIGKILL cannot be caught: the terminal stays raw (which shows the probe above can
    /// fail), but the transcript holds every line shown before it.
    @Test func afterSIGKILLTheTranscriptHoldsEverythingShown() throws {
        let directory = try makeTemporaryDirectory(prefix: "smtpc-kill").path
        let terminal = try session(in: directory)
        let mark = terminal.screenText.count
        terminal.send("RSET\r")
        #expect(terminal.waitFor("250 ", after: mark), "\(terminal.screenText)")
        terminal.signal(SIGKILL)
        #expect(terminal.waitForExit(timeout: 5) == 128 + SIGKILL)
        #expect(terminal.isCanonicalWithEcho() == false, "killed in raw mode")
        let transcript = try String(contentsOfFile: directory + "/session.txt", encoding: .utf8)
        for line in ["CLIENT: NOOP signal-test", "SMTPD: 250 ", "CLIENT: RSET"] {
            #expect(transcript.contains(line), "\(line) missing from \(transcript)")
        }
        #expect(transcript.components(separatedBy: "SMTPD: 250 ").count == 3, "both replies: \(transcript)")
        #expect(!transcript.contains("CLIENT: QUIT"))
    }
}

/// A transcript on a full disk (`/dev/full`: it opens, every write fails with ENOSPC) is
/// reported once, and the session goes on to the end.
@Suite struct FullDiskTranscriptTests {
    @Test func aTranscriptThatCannotBeWrittenIsReportedOnceAndTheSessionGoesOn() throws {
        let env = try TestEnvironment.load()
        let result = try Binary.run(
            ["--record", "/dev/full", env.host, String(env.noTLSPort)], input: "NOOP\nRSET\nQUIT\n")
        #expect(result.status == 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        #expect(result.stdout.components(separatedBy: "\n250 2.0.0 Ok").count == 3, "both replies shown: \(result.stdout)")
        #expect(result.stdout.contains("\n221 "))
        let output = result.stdout + result.stderr
        let reports = output.components(separatedBy: "smtpc: cannot write transcript /dev/full").count - 1
        #expect(reports == 1, "reported once: \(output)")
        #expect(output.contains("No space left on device (the session goes on)"), "\(output)")
    }
}

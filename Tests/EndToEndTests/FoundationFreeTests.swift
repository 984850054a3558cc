import Foundation
import TestSupport
import Testing

/// smtpc uses FoundationEssentials only: full Foundation (libFoundation, FoundationInternationalization
/// and the ICU data) costs about 8 MiB of resident memory at the prompt (docs/benchmarks.md, issue 9).
/// Checked in the memory map of the running process, so a library loaded late is caught too.
@Suite(.serialized, .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/maps")))
struct FoundationFreeTests {
    /// Parts of the paths of the libraries that must not be mapped.
    static let forbidden = ["libFoundation.so", "libFoundationInternationalization.so", "FoundationICU"]

    /// The lines of `/proc/PID/maps` that map a forbidden library; throws if the map cannot be read
    /// or does not show the smtpc binary (so an empty answer means something).
    static func foundationMappings(of pid: pid_t) throws -> [String] {
        let maps = try String(contentsOfFile: "/proc/\(pid)/maps", encoding: .utf8)
        let binary = URL(fileURLWithPath: Binary.path).resolvingSymlinksInPath().path
        try #require(maps.contains(binary), "/proc/\(pid)/maps does not map \(binary):\n\(maps)")
        return maps.split(separator: "\n").map(String.init).filter { line in forbidden.contains { line.contains($0) } }
    }

    @Test func theConsoleAfterSTARTTLSAndSlashTLSMapsNoFoundation() throws {
        let terminal = try PseudoTerminal(executable: Binary.path, arguments: ["--no-history"], columns: 120, rows: 50)
        #expect(terminal.waitFor("> ", timeout: 10), "\(terminal.screenText)")
        terminal.send("EHLO me\r")
        #expect(terminal.waitFor("250 HELP"), "\(terminal.screenText)")
        terminal.send("STARTTLS\r")
        #expect(terminal.waitFor("TLS established"), "\(terminal.screenText)")
        terminal.send("/tls\r")
        #expect(terminal.waitFor("Valid:"), "\(terminal.screenText)")
        let mappings = try Self.foundationMappings(of: terminal.pid)
        #expect(mappings.isEmpty, "smtpc mapped Foundation:\n\(mappings.joined(separator: "\n"))")
        terminal.send("/quit\r")
        #expect(terminal.waitForExit(timeout: 10) == 0)
    }

    @Test func serveAfterAMessageMapsNoFoundation() throws {
        let maildir = try PseudoTerminal.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: maildir) }
        let serve = try ServeProcess(arguments: ["--maildir", maildir])
        let listening = serve.port
        let client = try Binary.run(
            ["127.0.0.1", String(listening)],
            input: "EHLO client.example\nMAIL FROM:<a@example.org>\nRCPT TO:<b@example.net>\nDATA\nSubject: hi\n\nbody\n.\nQUIT\n")
        #expect(client.status == 0, "\(client.stdout)")
        let stored = try FileManager.default.contentsOfDirectory(atPath: maildir + "/new")
        #expect(stored.count == 1, "\(stored)")
        let mappings = try Self.foundationMappings(of: serve.processIdentifier)
        #expect(mappings.isEmpty, "smtpc serve mapped Foundation:\n\(mappings.joined(separator: "\n"))")
    }
}

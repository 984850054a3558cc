import SMTPCore
import SMTPServer

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The practice server started inside this process when smtpc is given no host, so a
/// learner gets a real conversation at once (`make run`).
final class PracticeSession: Sendable {
    let server: RunningPracticeServer
    /// The server's freshly generated certificate as a PEM file, trusted for STARTTLS
    /// so that verification succeeds without `--insecure`.
    let certificateFile: String?

    private init(server: RunningPracticeServer, certificateFile: String?) {
        self.server = server
        self.certificateFile = certificateFile
    }

    /// Starts the server on a free loopback port, with the given scenarios and DKIM keys.
    static func start(scenarios: [Scenario], dkimKeys: DKIMKeyZone = DKIMKeyZone()) async throws -> PracticeSession {
        var configuration = PracticeServerConfiguration()
        configuration.dkimKeys = dkimKeys
        configuration.port = 0
        configuration.recordDirectory =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("smtpc-practice-\(getpid())-sessions").path
        for scenario in scenarios { configuration.apply(scenario) }
        let server = try await PracticeServer.start(configuration)
        var certificateFile: String?
        if let pem = server.certificate?.caCertificatePEM {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("smtpc-practice-\(getpid()).pem").path
            if FileManager.default.createFile(atPath: path, contents: Data(pem.utf8), attributes: [.posixPermissions: 0o600]) {
                certificateFile = path
            }
        }
        return PracticeSession(server: server, certificateFile: certificateFile)
    }

    /// The line that says what was started and how to leave.
    var announcement: [String] {
        let account = server.credentials.first.map { "\($0.user) / \($0.password)" } ?? "none"
        var lines = [
            "--- practice server started in this process on \(server.address) (loopback only)",
            "    demo account \(account) (AUTH after STARTTLS); /inbox shows what it received; /help tour; /quit leaves",
        ]
        if !server.configuration.scenarios.isEmpty {
            lines.append("    scenarios: " + server.configuration.scenarios.map(\.rawValue).joined(separator: ", "))
        }
        return lines
    }

    /// `/inbox`: each message with its DKIM results and MIME tree, or the whole of message
    /// `number` (1 = oldest) with the trace fields the server added.
    func inbox(_ number: Int?) -> [String] {
        let messages = server.messages
        guard let number else {
            guard !messages.isEmpty else { return ["The practice server has received no message yet."] }
            return ["\(messages.count) message(s) received by the practice server:"]
                + messages.enumerated().flatMap { index, message in
                    let subject = message.subject.map { "\"\(VisibleText.escape($0))\"" } ?? "(no subject)"
                    let summary =
                        "  \(index + 1). from <\(message.from)> to "
                        + "\(message.recipients.map { "<\($0)>" }.joined(separator: ", ")) \(subject), "
                        + "\(message.data.count) bytes"
                    // The verdict a receiving server would give, then the MIME tree.
                    let details = [message.dkimSummary] + MIMEPart(message.data[...]).treeLines
                    return [summary] + details.map { "     " + VisibleText.escape($0) }
                }
        }
        guard messages.indices.contains(number - 1) else {
            return ["There is no message \(number); /inbox lists \(messages.count)."]
        }
        let message = messages[number - 1]
        // As stored: the trace fields a receiving server adds (Received, Authentication-Results) on top.
        let text = String(decoding: message.storedBytes, as: UTF8.self)
        return ["Message \(number), from <\(message.from)> to \(message.recipients.map { "<\($0)>" }.joined(separator: ", ")):"]
            + text.split(separator: "\r\n", omittingEmptySubsequences: false).map { "  " + VisibleText.escape(String($0)) }
    }

    /// `/sessions`: the conversations the server recorded, oldest first, with their paths.
    func sessions() -> [String] {
        guard let directory = server.configuration.recordDirectory,
            let names = try? FileManager.default.contentsOfDirectory(atPath: directory).filter({ $0.hasSuffix(".txt") }).sorted(),
            !names.isEmpty
        else { return ["The practice server has recorded no conversation yet."] }
        var lines = ["\(names.count) conversation(s) recorded by the practice server, in \(directory):"]
        for (index, name) in names.enumerated() {
            let path = directory + "/" + name
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            let commands = text.split(separator: "\n").filter { $0.contains(" CLIENT: ") }.count
            lines.append("  \(index + 1). \(VisibleText.escape(name))  (\(commands) client lines)")
        }
        lines.append("smtpc render FILE -o page.html shows one as a page; the files go when smtpc ends.")
        return lines
    }

    /// Removes the certificate file and the recorded conversations; the server ends with the process.
    func removeCertificateFile() {
        if let certificateFile { try? FileManager.default.removeItem(atPath: certificateFile) }
        if let directory = server.configuration.recordDirectory { try? FileManager.default.removeItem(atPath: directory) }
    }
}

import Foundation
import Testing

@testable import SMTPProfiles

/// The profile file: the keys of the contract, their types, and errors that name the file,
/// the line and the key.
@Suite struct ProfileFileTests {
    static let example = """
        # ~/.config/smtpc/config.toml
        [profiles.work]
        host = "mail.example.com"
        port = 587
        tls = "starttls"
        user = "alice"
        auth = "plain"
        password_command = "pass show mail/alice"

        [profiles.lab]
        unix = "/run/lmtp.sock"
        lmtp = true
        ehlo = "client.example"
        cafile = "/etc/ssl/lab.pem"
        cert = "me.pem"
        key = "me.key"
        servername = "mx.lab"
        """

    @Test func everyKeyOfTheContractIsRead() throws {
        let file = try ProfileFile.parse(Self.example, path: "config.toml")
        #expect(file.profiles.map(\.name) == ["work", "lab"])
        let work = try #require(file.profile(named: "work"))
        #expect(work.host == "mail.example.com" && work.port == 587 && work.tls == .starttls && work.user == "alice")
        #expect(work.auth == "PLAIN" && work.passwordCommand == "pass show mail/alice" && work.line == 2)
        #expect(work.summary == "mail.example.com:587, starttls, user alice, auth PLAIN")
        let lab = try #require(file.profile(named: "lab"))
        #expect(lab.unix == "/run/lmtp.sock" && lab.lmtp == true && lab.ehlo == "client.example" && lab.cafile == "/etc/ssl/lab.pem")
        #expect(lab.cert == "me.pem" && lab.key == "me.key" && lab.servername == "mx.lab")
        #expect(lab.summary == "unix:/run/lmtp.sock, lmtp")
    }

    @Test func mistakesNameTheFileTheLineAndTheKey() {
        let cases: [(String, String)] = [
            ("[profiles.work]\nhots = \"x\"", "config.toml:2: profiles.work.hots: unknown key 'hots'"),
            ("[profiles.work]\nhost = \"x\"\nport = \"25\"", "config.toml:3: profiles.work.port: expected an integer, found a string"),
            ("[profiles.work]\nport = 70000", "config.toml:2: profiles.work.port: 70000 is not a port"),
            ("[profiles.work]\ntls = \"ssl\"", "config.toml:2: profiles.work.tls: 'ssl' must be \"none\", \"starttls\" or \"tls\""),
            ("[profiles.work]\nlmtp = \"yes\"", "config.toml:2: profiles.work.lmtp: expected a boolean, found a string"),
            ("[profiles.work]\npassword = \"hunter2\"", "config.toml:2: profiles.work.password: a password is never kept in the file"),
            ("[profile.work]\nhost = \"x\"", "config.toml:1: unknown key 'profile'"),
            ("[profiles]\nwork = 1", "config.toml:2: profiles.work must be a table"),
            ("[profiles.work]\nhost = \"x\n", "config.toml:2: the string is not closed on its line"),
            ("[profiles.work]\nhost = \"a\"\nunix = \"/s\"", "config.toml:1: profiles.work: give host or unix, not both"),
        ]
        for (text, expected) in cases {
            #expect(throws: ProfileError.self) { try ProfileFile.parse(text, path: "config.toml") }
            do {
                _ = try ProfileFile.parse(text, path: "config.toml")
            } catch {
                #expect(error.description.hasPrefix(expected), "\(text.debugDescription): \(error)")
            }
        }
    }

    /// docs/examples/config.toml, which the user guide points to, is a valid profile file with every key.
    @Test func theDocumentedExampleReadsWithEveryKey() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("docs/examples/config.toml").path
        let file = try ProfileFile.parse(try String(contentsOfFile: path, encoding: .utf8), path: path)
        #expect(file.profiles.map(\.name) == ["work", "lab"])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for key in Profile.keys { #expect(text.contains("\n\(key) = "), "the example shows \(key)") }
    }

    @Test func theFileIsLookedForUnderXDGConfigHome() {
        #expect(ProfileFile.defaultPath(environment: ["XDG_CONFIG_HOME": "/x/cfg", "HOME": "/home/a"]) == "/x/cfg/smtpc/config.toml")
        #expect(
            ProfileFile.defaultPath(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/home/a"]) == "/home/a/.config/smtpc/config.toml")
        #expect(ProfileFile.defaultPath(environment: [:]) == nil)
    }
}

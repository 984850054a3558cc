/// A named set of connection settings from the profile file: `smtpc @NAME` or `--profile NAME`.
///
/// The keys of a `[profiles.NAME]` table are the contract (docs/reference.md); every one is
/// optional, and options given on the command line win over them.
public struct Profile: Sendable, Hashable {
    /// How a profile's connection starts TLS: the `tls` key.
    public enum TLS: String, Sendable, Hashable, CaseIterable {
        case none, starttls, tls
    }

    public let name: String
    /// The line of its `[profiles.NAME]` header.
    public let line: Int
    public var host: String?
    public var port: Int?
    public var tls: TLS?
    public var cafile: String?
    public var cert: String?
    public var key: String?
    public var servername: String?
    public var ehlo: String?
    public var lmtp: Bool?
    public var unix: String?
    public var user: String?
    /// The SASL mechanism `/auth` uses when none is typed.
    public var auth: String?
    /// A shell command whose first line of output is the password (`pass show mail/alice`),
    /// run when `/auth` needs it; its output is never shown or recorded.
    public var passwordCommand: String?

    /// The keys a profile may hold, in the order the documentation lists them.
    public static let keys = [
        "host", "port", "tls", "cafile", "cert", "key", "servername", "ehlo", "lmtp", "unix", "user", "auth", "password_command",
    ]

    public init(name: String, line: Int) {
        self.name = name
        self.line = line
    }

    /// One line for `smtpc --profiles`: where the profile connects and how.
    public var summary: String {
        var parts: [String] = []
        if let unix {
            parts.append("unix:\(unix)")
        } else if let host {
            parts.append(port.map { "\(host):\($0)" } ?? host)
        } else if let port {
            parts.append("port \(port)")
        }
        if let tls, tls != .none { parts.append(tls.rawValue) }
        if lmtp == true { parts.append("lmtp") }
        if let user { parts.append("user \(user)") }
        if let auth { parts.append("auth \(auth)") }
        return parts.isEmpty ? "(no settings)" : parts.joined(separator: ", ")
    }
}

/// The profile file: `$XDG_CONFIG_HOME/smtpc/config.toml`, by default
/// `~/.config/smtpc/config.toml`.
public struct ProfileFile: Sendable, Hashable {
    public let path: String
    /// The profiles in the order the file defines them.
    public let profiles: [Profile]

    /// The profile called `name`.
    public func profile(named name: String) -> Profile? { profiles.first { $0.name == name } }

    /// Where the file is looked for, from the environment.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") { return config + "/smtpc/config.toml" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.config/smtpc/config.toml"
    }

    /// Reads the profiles from `text`, the contents of `path`.
    ///
    /// - Throws: `ProfileError` naming the file, the line and the key: a TOML syntax error,
    ///   a key that is not one of ``Profile/keys``, a value of the wrong type, or a password.
    public static func parse(_ text: String, path: String) throws(ProfileError) -> ProfileFile {
        let root: TOMLTable
        do {
            root = try TOMLReader.parse(text)
        } catch {
            throw ProfileError(path: path, line: error.line, message: "\(error.message) (column \(error.column))")
        }
        var profiles: [Profile] = []
        for entry in root.entries {
            guard entry.key == "profiles" else {
                throw ProfileError(
                    path: path, line: entry.line,
                    message: "unknown key '\(visible(entry.key))': the file holds [profiles.NAME] tables only")
            }
            guard case .table(let table) = entry.value else {
                throw ProfileError(path: path, line: entry.line, message: "'profiles' must be a table of [profiles.NAME] tables")
            }
            for named in table.entries {
                let name = visible(named.key)
                guard case .table(let settings) = named.value else {
                    throw ProfileError(
                        path: path, line: named.line,
                        message: "profiles.\(name) must be a table ([profiles.\(name)]), not \(named.value.typeName)")
                }
                profiles.append(try profile(named.key, line: named.line, settings: settings, path: path))
            }
        }
        return ProfileFile(path: path, profiles: profiles)
    }

    private static func profile(_ name: String, line: Int, settings: TOMLTable, path: String) throws(ProfileError) -> Profile {
        var profile = Profile(name: name, line: line)
        for entry in settings.entries {
            let at = "profiles.\(visible(name)).\(visible(entry.key))"
            func fail(_ message: String) -> ProfileError { ProfileError(path: path, line: entry.line, message: "\(at): \(message)") }
            func string() throws(ProfileError) -> String {
                guard case .string(let text) = entry.value else { throw fail("expected a string, found \(entry.value.typeName)") }
                guard !text.isEmpty else { throw fail("must not be empty") }
                return text
            }
            switch entry.key {
            case "host": profile.host = try string()
            case "port":
                guard case .integer(let port) = entry.value else { throw fail("expected an integer, found \(entry.value.typeName)") }
                guard (1...65535).contains(port) else { throw fail("\(port) is not a port (1 to 65535)") }
                profile.port = Int(port)
            case "tls":
                let text = try string()
                guard let tls = Profile.TLS(rawValue: text) else {
                    throw fail("'\(visible(text))' must be \"none\", \"starttls\" or \"tls\"")
                }
                profile.tls = tls
            case "cafile": profile.cafile = try string()
            case "cert": profile.cert = try string()
            case "key": profile.key = try string()
            case "servername": profile.servername = try string()
            case "ehlo": profile.ehlo = try string()
            case "lmtp":
                guard case .boolean(let lmtp) = entry.value else { throw fail("expected a boolean, found \(entry.value.typeName)") }
                profile.lmtp = lmtp
            case "unix": profile.unix = try string()
            case "user": profile.user = try string()
            case "auth": profile.auth = try string().uppercased()
            case "password_command": profile.passwordCommand = try string()
            case "password", "pass", "secret":
                throw fail("a password is never kept in the file; name a command that prints it: password_command = \"pass show mail/me\"")
            default:
                throw fail("unknown key '\(visible(entry.key))'; a profile holds \(Profile.keys.joined(separator: ", "))")
            }
        }
        if profile.host != nil, profile.unix != nil {
            throw ProfileError(path: path, line: line, message: "profiles.\(visible(name)): give host or unix, not both")
        }
        return profile
    }
}

/// `text` with control characters written as `\xHH`, so a message quoting the file shows
/// no control sequence on the terminal.
func visible(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
            let hex = String(scalar.value, radix: 16)
            out += "\\x" + (hex.count < 2 ? "0" : "") + hex
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

/// The profile file could not be used: `path:line: message`.
public struct ProfileError: Error, Sendable, Hashable, CustomStringConvertible {
    public let path: String
    public let line: Int?
    public let message: String

    public init(path: String, line: Int?, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String { line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)" }
}

import ArgumentParser
import SMTPAuth
import SMTPConsole
import SMTPProfiles

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Profiles (`@NAME`, `--profile`): reading the file and filling in what the command line left out.
extension ConsoleOptions {
    /// Fills what the command line left open from the profile (`@NAME` or `--profile NAME`).
    ///
    /// The profile's host (or unix socket) is used only when no HOST, `--host`, `--unix` or
    /// `--mx` was given, and its port goes with its host; `tls` sets `--tls` or `--starttls`;
    /// every key the table marks fills its option when that was not given (`applyProfileKeys`).
    /// The environment is read only when a profile is named.
    mutating func applyProfile(environment: @autoclosure () -> [String: String]) throws {
        var name = profile
        if hostOption == nil, let hostArgument, hostArgument.hasPrefix("@") {
            guard name == nil else { throw ValidationError("Give the profile once: @NAME or --profile NAME.") }
            name = String(hostArgument.dropFirst())
            self.hostArgument = portArgument
            portArgument = nil
        }
        guard let name else { return }
        let file = try Self.profileFile(environment: environment())
        guard let profile = file.profile(named: name) else {
            let known = file.profiles.map(\.name)
            throw Self.profileFailure(
                "no profile '\(name)' in \(file.path)" + (known.isEmpty ? "" : "; its profiles: \(known.joined(separator: ", "))"))
        }
        // `smtpc @work 2525`: a lone number after the profile is the port.
        if let hostArgument, portArgument == nil, hostArgument.allSatisfy(\.isNumber) {
            portArgument = hostArgument
            self.hostArgument = nil
        }
        if hostArgument == nil, hostOption == nil, unix == nil, mx == nil {
            if let host = profile.host {
                hostOption = host
                hostArgument = portArgument ?? profile.port.map(String.init)
                portArgument = nil
            } else if let socket = profile.unix {
                unix = socket
            }
        }
        if !tls && !starttls {
            tls = profile.tls == .tls
            starttls = profile.tls == .starttls
        }
        applyProfileKeys(of: profile)
        if let mechanism = profile.auth {
            guard SASLMechanism(name: mechanism) != nil else {
                let known = SASLMechanism.allCases.map(\.name).joined(separator: ", ")
                throw Self.profileFailure(
                    "\(file.path):\(profile.line): profiles.\(name).auth: unknown mechanism \(mechanism); smtpc knows \(known)")
            }
            profileMechanism = mechanism
        }
        profilePasswordCommand = profile.passwordCommand
    }

    /// Profile names for shell completion (`@NAME` for the host argument), quietly none
    /// when the file is missing or wrong: completing must never print an error.
    static func profileCompletions(prefix: String, marker: String) -> [String] {
        let environment = Self.processEnvironment()
        guard let path = ProfileFile.defaultPath(environment: environment), let data = FileManager.default.contents(atPath: path),
            let file = try? ProfileFile.parse(String(decoding: data, as: UTF8.self), path: path)
        else { return [] }
        return file.profiles.map { marker + $0.name }.filter { $0.hasPrefix(prefix) }
    }

    /// The profile file, read and checked.
    static func profileFile(environment: [String: String]) throws -> ProfileFile {
        guard let path = ProfileFile.defaultPath(environment: environment) else {
            throw profileFailure("no profile file: set HOME or XDG_CONFIG_HOME")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            throw profileFailure("the profile file \(path) \(reason) (docs/reference.md shows an example)")
        }
        do {
            return try ProfileFile.parse(String(decoding: data, as: UTF8.self), path: path)
        } catch {
            throw profileFailure("\(error)")
        }
    }

    /// A profile problem: said once on standard error, exit status 64 (usage), without the usage.
    static func profileFailure(_ message: String) -> ExitStatus {
        StandardError.write("smtpc: \(message)")
        return .usage
    }
}

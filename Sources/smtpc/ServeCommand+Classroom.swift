import ArgumentParser
import SMTPClassroom
import SMTPConsole
import SMTPServer
import SMTPWeb

/// `smtpc serve --classroom class.toml [--db FILE] [--allow-network]`.
extension ServeCommand {
    /// `--allow-network` only with a classroom; an address off loopback only with both.
    func checkClassroomOptions() throws {
        if allowNetwork && classroom == nil {
            throw ValidationError("--allow-network needs --classroom: only a class with accounts may listen on the network.")
        }
        if database != nil && classroom == nil { throw ValidationError("--db needs --classroom.") }
    }

    /// The database's default path: `$XDG_DATA_HOME/smtpc/NAME.sqlite` (else
    /// `~/.local/share/smtpc/…`), NAME the class file's name without `.toml`.
    func databasePath(environment: [String: String]) throws -> String {
        if let database { return database }
        let file = (classroom ?? "class").split(separator: "/").last.map(String.init) ?? "class"
        let name = (file.hasSuffix(".toml") ? String(file.dropLast(5)) : file) + ".sqlite"
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") { return data + "/smtpc/" + name }
        guard let home = environment["HOME"], !home.isEmpty else {
            throw ValidationError("--classroom: neither XDG_DATA_HOME nor HOME is set; give the database with --db FILE.")
        }
        return home + "/.local/share/smtpc/" + name
    }

    /// The classroom, when asked for; a class file or database that cannot be used ends
    /// smtpc with 66 (the class file) or 73 (the database), the reason said.
    func openClassroom(output: ServerLogOutput) async throws -> Classroom? {
        guard let classroom else { return nil }
        let path = try databasePath(environment: ConsoleOptions.processEnvironment())
        do {
            return try await Classroom.open(
                classFile: classroom, databasePath: path, report: { output.write(["--- \($0)"]) })
        } catch {
            StandardError.write("smtpc serve: \(error.description)")
            throw error.isClassFile ? ExitStatus.noInput : ExitStatus.cannotCreate
        }
    }
}

/// What the banner says of a classroom: where the teacher's and the students' pages are,
/// the passwords made now (once), the limits, and what the network can reach.
enum ClassroomBanner {
    static func lines(_ classroom: Classroom, web: RunningWebServer) -> [String] {
        let limits = classroom.list.limits
        var lines = [
            "  classroom      \(classroom.list.name ?? "(no name)"): \(classroom.list.accounts.count) students; "
                + "database \(classroom.database.path)",
            "  teacher        \(web.url)/teacher/\(classroom.token)/   (this URL is the teacher's key: keep it to yourself)",
            "  students       \(web.url)/student/   (each logs in with their class account)",
        ]
        for (name, password) in classroom.generated.sorted(by: { $0.key < $1.key }) {
            lines.append("  new password   \(name)   \(password)   (printed once: the database keeps only its hash)")
        }
        lines.append(
            "  limits         \(limits.connections) connections at once and \(limits.messages) messages per student; "
                + "\(limits.conversations) conversations and \(limits.bytes / 1024) KiB kept per student")
        if !PracticeServerConfiguration.isLoopback(web.host) {
            lines.append(
                "  EXPOSED        the web view answers on \(web.url): the student pages ask for a class account, the teacher's "
                    + "for its key; the practice server takes mail only after AUTH")
        }
        return lines
    }
}

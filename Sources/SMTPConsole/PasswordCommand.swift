/// A profile's `password_command`, run when `/auth` needs the password: `/bin/sh -c COMMAND`
/// with the terminal as its standard input and error (so `pass` or `gpg` can ask for a
/// passphrase), and its standard output read by smtpc alone. The first line is the
/// password; nothing of it is shown, recorded or kept in history.
enum PasswordCommand {
    /// Why no password came.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func run(_ command: String) -> Result<String, Failure> {
        switch ChildProcess.run(["/bin/sh", "-c", command]) {
        case .failure(let error):
            return .failure(Failure(description: "password_command could not be started: \(error)"))
        case .success(let outcome):
            guard outcome.status == 0 else {
                let how = outcome.status.map { "exited with status \($0)" } ?? "was ended by signal \(outcome.signal ?? 0)"
                return .failure(Failure(description: "password_command \(how); no password was sent"))
            }
            let line = outcome.output.prefix { $0 != 0x0A && $0 != 0x0D }
            guard !line.isEmpty else { return .failure(Failure(description: "password_command printed no password; none was sent")) }
            return .success(String(decoding: line, as: UTF8.self))
        }
    }
}

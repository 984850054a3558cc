import Glibc

/// A profile's `password_command`, run when `/auth` needs the password: `/bin/sh -c COMMAND`
/// with the terminal as its standard input and error (so `pass` or `gpg` can ask for a
/// passphrase), and its standard output read by smtpc alone. The first line is the
/// password; nothing of it is shown, recorded or kept in history.
enum PasswordCommand {
    /// Why no password came.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The most output read (a password is a line; this bounds a command that prints forever).
    static let outputLimit = 64 * 1024

    static func run(_ command: String) -> Result<String, Failure> {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { return .failure(Failure(description: "password_command: cannot make a pipe")) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        var pid: pid_t = 0
        let arguments = ["/bin/sh", "-c", command]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, &argv, environ)
        close(pipeEnds[1])
        guard spawned == 0 else {
            close(pipeEnds[0])
            return .failure(Failure(description: "password_command could not be started: \(String(cString: strerror(spawned)))"))
        }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while output.count < outputLimit {
            let count = read(pipeEnds[0], &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            output += buffer[..<count]
        }
        close(pipeEnds[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, which Swift does not import as macros.
        let exited = status & 0x7F == 0
        let code = (status >> 8) & 0xFF
        guard exited, code == 0 else {
            let how = exited ? "exited with status \(code)" : "was ended by signal \(status & 0x7F)"
            return .failure(Failure(description: "password_command \(how); no password was sent"))
        }
        let line = output.prefix { $0 != 0x0A && $0 != 0x0D }
        guard !line.isEmpty else { return .failure(Failure(description: "password_command printed no password; none was sent")) }
        return .success(String(decoding: line, as: UTF8.self))
    }
}

import Glibc

/// A program run to completion with its standard output read by smtpc, its standard input
/// and error left as they are (the terminal, so it may ask for a passphrase).
public enum ChildProcess {
    /// How a run ended.
    public struct Outcome: Sendable {
        /// What it wrote to standard output (up to the limit given).
        public let output: [UInt8]
        /// Its exit status, or nil when a signal ended it (then `signal` says which).
        public let status: Int32?
        public let signal: Int32?
    }

    /// Runs `arguments` (the first is the program's path) and waits for it; nil with the
    /// reason when it could not be started. `capture` false: its standard output is left as
    /// it is too (an editor on the terminal), and `output` is empty.
    public static func run(
        _ arguments: [String], outputLimit: Int = 64 * 1024, capture: Bool = true
    ) -> Result<Outcome, SpawnError> {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { return .failure(SpawnError(description: "cannot make a pipe")) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if capture { posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1) }
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        var pid: pid_t = 0
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ)
        close(pipeEnds[1])
        guard spawned == 0 else {
            close(pipeEnds[0])
            return .failure(SpawnError(description: String(cString: strerror(spawned))))
        }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while output.count < outputLimit {
            let count = read(pipeEnds[0], &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            output += buffer[..<count]
        }
        // Past the limit the pipe closes: a program that prints forever ends by SIGPIPE.
        close(pipeEnds[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // WIFEXITED, WEXITSTATUS and WTERMSIG, which Swift does not import as macros.
        let exited = status & 0x7F == 0
        return .success(
            Outcome(
                output: Array(output.prefix(outputLimit)), status: exited ? (status >> 8) & 0xFF : nil, signal: exited ? nil : status & 0x7F
            ))
    }

    /// A program that could not be started, and why.
    public struct SpawnError: Error, Sendable, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }
}

import SMTPTransport

/// Everything the console needs to know from the command line.
public struct ConsoleConfiguration: Sendable {
    /// The server to connect to at start; nil opens the console disconnected.
    public var target: HostSpec?
    /// `-4` / `-6`.
    public var addressFamily: AddressFamily = .any
    /// How long one connection attempt may take.
    public var connectTimeout: Duration = .seconds(30)
    /// Script mode: how long to wait for each reply.
    public var replyTimeout: Duration = .seconds(30)
    /// `--color`.
    public var colorMode: ColorMode = .auto
    /// The history file; nil with `--no-history`.
    public var historyPath: String?
    /// `--record FILE`: the transcript file.
    public var recordPath: String?
    /// The environment (for `NO_COLOR`, `TERM`).
    public var environment: [String: String] = [:]

    public init() {}
}

/// Where the console writes what the user sees.
///
/// Network code never writes to the terminal itself: the interactive console's output
/// queues text for the line editor (which prints it above the prompt and redraws the
/// half-typed line); script mode writes straight to standard output.
public protocol ConsoleOutput: Sendable {
    /// Writes whole lines (each without its newline).
    func write(lines: [String])
}

extension ConsoleOutput {
    /// Writes one line.
    func write(_ line: String) { write(lines: [line]) }
}

import CEditShim
import Glibc

/// Password input: no echo, output queue still served, signals honoured.
extension LineEditor {
    /// Most bytes accepted in one secret.
    static let maxSecretBytes = 64 * 1024

    /// Reads one line without echo (a password), printing queued output
    /// above the prompt meanwhile. Echo is restored on every path; the text
    /// never enters history.
    public func readSecret(prompt text: String) -> ReadResult {
        output.beginEditing()
        defer { output.endEditing() }
        handleStaleSignals()
        if terminationSignal != nil { return .endOfFile }
        // Echo goes off before the prompt shows: a secret typed the moment the prompt
        // appears must not be echoed (it was, now and then, under load).
        _ = shim_set_echo(0, 0)
        defer { _ = shim_set_echo(0, 1) }
        Terminal.write(text)

        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 256)
        while true {
            guard let ready = waitForEvents() else { return .endOfFile }
            if ready.signals {
                let signals = readSignals()
                if terminationSignal != nil {
                    Terminal.write("\r\n")
                    return .endOfFile
                }
                if signals.contains(SIGINT) {
                    Terminal.write("\r\n")
                    return .interrupted
                }
                if signals.contains(SIGTSTP) {
                    Terminal.write("\r\n")
                    _ = shim_set_echo(0, 1)
                    shim_suspend_self()
                    _ = shim_set_echo(0, 0)
                    Terminal.write("\r" + Terminal.clearToEnd + text)
                }
            }
            if ready.output {
                // Canonical input with echo off shows nothing typed, so the
                // prompt alone is redrawn under the new output.
                output.drainWake()
                Terminal.write("\r" + Terminal.clearToEnd + output.takePending().text + text)
            }
            if ready.event, let eventSource, eventSource.handle() {
                Terminal.write("\r\n")
                return .woken("")
            }
            if ready.input {
                let count = read(0, &chunk, chunk.count)
                if count < 0, errno == EINTR || errno == EAGAIN { continue }
                if count <= 0 {
                    Terminal.write("\r\n")
                    return bytes.isEmpty ? .endOfFile : .line(String(decoding: bytes, as: UTF8.self))
                }
                for byte in chunk[0..<count] {
                    if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                        Terminal.write("\r\n")
                        return .line(String(decoding: bytes, as: UTF8.self))
                    }
                    if bytes.count < Self.maxSecretBytes { bytes.append(byte) }
                }
            }
        }
    }
}

import NIOCore
import SMTPCore
import SMTPTranscript

/// `/send FILE` and `/bdat FILE`: a message file as the body of the open transaction,
/// streamed block by block with progress.
extension ConsoleEngine {
    /// `/send FILE`: the file as a DATA body. In the DATA body (after 354) it is streamed
    /// at once; in command mode, with recipients accepted, DATA is sent first and the
    /// file follows the 354. Lines are dot-stuffed, line endings made CRLF, and the lone
    /// `.` ends the body; the final reply (one per recipient with LMTP) is awaited.
    func sendFile(_ argument: String) {
        guard let path = fileArgument(argument, usage: "/send FILE") else { return }
        guard let machine = connectedMachine() else { return }
        if machine.inputMode == .command, let problem = Self.transactionProblem(machine, for: "/send") {
            output.write(style.error("smtpc: /send: " + problem))
            return
        }
        if machine.inputMode == .authResponse {
            output.write(style.error("smtpc: /send: answer the AUTH challenge first"))
            return
        }
        guard let file = open(path) else { return }
        if machine.inputMode == .command {
            guard send(line: "DATA") != nil else { return notConnected() }
            guard waitForReplies(timeout: configuration.replyTimeout) else {
                timedOut("the reply to DATA")
                return
            }
            guard snapshot.machine.inputMode == .dataBody else {
                let code = state.withLock { $0.lastReply?.code }.map(String.init) ?? "no reply"
                output.write(style.error("smtpc: /send: the server did not answer DATA with 354 (\(code)); the file was not sent"))
                return
            }
        }
        var lines = WireLines(dotStuffing: true)
        guard stream(file, lines: &lines, chunked: false) else { return }
        // The lone dot goes through the machine like a typed one: it waits for the final reply(ies).
        guard send(line: ".", wire: [0x2E, 0x0D, 0x0A]) != nil else { return notConnected() }
        output.write(style.hint("  (\(file.path): \(lines.lineCount) lines sent, then the lone . — waiting for the reply)"))
        if !waitForReplies(timeout: configuration.replyTimeout) { timedOut("the reply to the end of the message") }
    }

    /// `/bdat FILE`: the file as BDAT chunks (RFC 3030), each answered before the next;
    /// the last is `BDAT <size> LAST`. No dot-stuffing; line endings made CRLF.
    func sendChunks(_ argument: String) {
        guard let path = fileArgument(argument, usage: "/bdat FILE") else { return }
        guard let machine = connectedMachine() else { return }
        guard machine.inputMode == .command else {
            output.write(style.error("smtpc: /bdat: not in the DATA body — end it with a lone . first"))
            return
        }
        guard machine.extensions?.contains("CHUNKING") == true else {
            output.write(
                style.error(
                    machine.extensions == nil
                        ? "smtpc: /bdat: no CHUNKING known — send EHLO first (BDAT needs the CHUNKING extension, RFC 3030)"
                        : "smtpc: /bdat: the server did not advertise CHUNKING (RFC 3030), so it does not take BDAT; use /send (DATA) instead"
                ))
            return
        }
        if let problem = Self.transactionProblem(machine, for: "/bdat") {
            output.write(style.error("smtpc: /bdat: " + problem))
            return
        }
        guard let file = open(path) else { return }
        var lines = WireLines(dotStuffing: false)
        if stream(file, lines: &lines, chunked: true) {
            output.write(style.hint("  (\(file.path): \(lines.lineCount) lines sent as BDAT chunks, the last with LAST)"))
        }
    }

    /// Why the open transaction cannot take a message now, or nil when it can.
    static func transactionProblem(_ machine: SessionMachine, for command: String) -> String? {
        guard let transaction = machine.transaction else {
            return "no mail transaction — send MAIL FROM:<address> and RCPT TO:<address> first"
        }
        guard transaction.acceptedRecipients > 0 else {
            return "no recipient accepted yet — send RCPT TO:<address> first"
        }
        if transaction.bdatFailed {
            return "a BDAT chunk was refused: RFC 3030 says send RSET and start again"
        }
        if command == "/send", transaction.usesBDAT {
            return "this transaction already sent BDAT chunks; DATA may not follow (RFC 3030) — finish with /bdat or RSET"
        }
        return nil
    }

    // MARK: Streaming

    /// Reads `file` block by block and sends it: as body lines, or (`chunked`) as BDAT
    /// chunks each awaited before the next. Shows progress and the warnings `lines`
    /// raises. - Returns: `false` when it stopped early (already reported).
    private func stream(_ file: MessageFile, lines: inout WireLines, chunked: Bool) -> Bool {
        var progress = SendProgress(total: file.size)
        let extensions = snapshot.machine.extensions
        let eightBitAnnounced = extensions?.contains("8BITMIME") == true || extensions?.contains("SMTPUTF8") == true
        var warned = (nonASCII: eightBitAnnounced, longLine: false)
        var chunkNumber = 0
        do {
            var block = try file.read()
            var pieces = lines.feed(block)
            while true {
                let next = block.isEmpty ? [] : try file.read()
                let last = next.isEmpty
                if last { pieces += lines.finish() }
                if !warned.nonASCII, let line = lines.firstNonASCIILine {
                    warned.nonASCII = true
                    output.write(
                        style.warning(
                            "  ! line \(line) of \(file.path) has non-ASCII bytes, and the server advertised neither 8BITMIME nor SMTPUTF8 (sent anyway)"
                        ))
                }
                if !warned.longLine, let line = lines.firstLongLine {
                    warned.longLine = true
                    output.write(
                        style.warning("  ! line \(line) of \(file.path) is longer than the 998 octets RFC 5321 allows (sent anyway)"))
                }
                if chunked {
                    let size = pieces.reduce(0) { $0 + $1.count }
                    if size > 0 || last {
                        chunkNumber += 1
                        guard sendChunk(pieces, size: size, last: last, number: chunkNumber) else { return false }
                    }
                } else if !pieces.isEmpty {
                    guard let future = transmit(pieces: pieces, command: nil) else { return connectionGone() }
                    guard (try? future.wait()) != nil else { return connectionGone() }
                }
                if let line = progress.advance(by: block.count) { output.write(style.hint("  " + line)) }
                if last { return true }
                block = next
                pieces = lines.feed(block)
            }
        } catch {
            output.write(style.error("smtpc: \(error) — stopped; the message is incomplete (RSET, or close the connection)"))
            return false
        }
    }

    /// Sends one BDAT chunk and waits for its reply. - Returns: `false` on a negative
    /// reply, a timeout or a lost connection (already reported).
    private func sendChunk(_ pieces: [[UInt8]], size: Int, last: Bool, number: Int) -> Bool {
        let command = "BDAT \(size)" + (last ? " LAST" : "")
        guard let future = transmit(pieces: pieces, command: command) else { return connectionGone() }
        guard (try? future.wait()) != nil else { return connectionGone() }
        guard waitForReplies(timeout: configuration.replyTimeout) else { return timedOut("the reply to \(command)") }
        let (connected, reply) = state.withLock { ($0.isConnected, $0.lastReply) }
        if last { return true }
        guard connected, let reply, (200..<300).contains(reply.code) else {
            output.write(style.error("smtpc: /bdat: chunk \(number) was not accepted — stopped (RFC 3030: send RSET)"))
            return false
        }
        return true
    }

    /// Records and sends `pieces` (after `command` and its CRLF, when given) in one
    /// write; the future completes when the socket took them, so the next block is read
    /// only then. Body lines are recorded one transcript line each, like typed ones.
    private func transmit(pieces: [[UInt8]], command: String?) -> EventLoopFuture<Void>? {
        state.withLock { state -> EventLoopFuture<Void>? in
            guard let connection = state.connection, state.isConnected else { return nil }
            var wire: [UInt8] = []
            if let command {
                let sent = state.machine.lineSent(command)
                state.sentAt[sent.id] = .now
                record(TranscriptEntry(direction: .client, bytes: Array(command.utf8), timestamp: Clock.unixTime()), state: &state)
                wire = Array(command.utf8) + [0x0D, 0x0A]
            }
            for piece in pieces {
                let endsLine = piece.count >= 2 && piece[piece.count - 2] == 0x0D && piece[piece.count - 1] == 0x0A
                record(
                    TranscriptEntry(
                        direction: .client, bytes: endsLine ? Array(piece.dropLast(2)) : piece,
                        timestamp: Clock.unixTime()), state: &state)
                wire += piece
            }
            return connection.send(wire)
        }
    }

    // MARK: Helpers

    /// The path argument, or nil after printing the usage.
    private func fileArgument(_ argument: String, usage: String) -> String? {
        let path = argument.trimmingCharacters(in: " ")
        if path.isEmpty { output.write(style.error("usage: \(usage)")) }
        return path.isEmpty ? nil : path
    }

    /// The session machine when connected; otherwise says so and returns nil.
    private func connectedMachine() -> SessionMachine? {
        let snapshot = self.snapshot
        guard snapshot.isConnected else {
            notConnected()
            return nil
        }
        // Earlier (pipelined) commands first: the transaction is known only from their replies.
        if !snapshot.machine.pending.isEmpty { _ = waitForReplies(timeout: configuration.replyTimeout) }
        return self.snapshot.machine
    }

    /// The opened file, or nil after saying why it cannot be read (nothing was sent).
    private func open(_ path: String) -> MessageFile? {
        do {
            return try MessageFile(path: path)
        } catch {
            output.write(style.error("smtpc: \(error); nothing was sent"))
            return nil
        }
    }

    private func notConnected() {
        output.write(style.error("smtpc: not connected — use /connect HOST [PORT] or /reconnect"))
    }

    private func connectionGone() -> Bool {
        output.write(style.error("smtpc: the connection is gone; the message was not completed"))
        return false
    }

    @discardableResult
    private func timedOut(_ what: String) -> Bool {
        let seconds = Clock.milliseconds(of: configuration.replyTimeout) / 1000
        output.write(style.error("smtpc: timed out after \(seconds) s waiting for \(what)"))
        return false
    }
}

/// Progress lines for a large file: one at each quarter ("sent 3.0 of 12.0 MiB").
struct SendProgress {
    /// Files smaller than this get no progress lines.
    static let threshold = 1024 * 1024
    let total: Int
    private var done = 0
    private var nextQuarter = 1

    init(total: Int) {
        self.total = total
    }

    /// Counts `count` more bytes of the file; the line to show when a quarter was passed.
    mutating func advance(by count: Int) -> String? {
        done += count
        guard total >= Self.threshold, nextQuarter <= 4, done * 4 >= total * nextQuarter else { return nil }
        while nextQuarter <= 4, done * 4 >= total * nextQuarter { nextQuarter += 1 }
        return "sent \(Self.mebibytes(min(done, total))) of \(Self.mebibytes(total)) MiB"
    }

    /// Bytes in MiB with one decimal.
    static func mebibytes(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024)
        return "\(tenths / 10).\(tenths % 10)"
    }
}

import SMTPCore
import SMTPTransport

/// The conversation of a ``HostProbe`` once connected: it fills in the result as it goes.
struct ProbeSession {
    let connection: SMTPConnection
    let events: ProbeEvents
    var result: ProbeResult
    let timeout: Duration

    /// Banner, EHLO, STARTTLS and the handshake when offered, EHLO again, QUIT.
    mutating func converse(helloName: String, settings: TLSSettings, since connected: ContinuousClock.Instant) async {
        guard let banner = await reply(for: .greeting, since: connected) else { return }
        if let early = result.durations[.greeting], early < .zero, let connect = result.durations[.connect] {
            // The banner was read before the connect call returned: the connection was up by then.
            result.durations[.connect] = connect + early
            result.durations[.greeting] = .zero
        }
        result.banner = banner.lines.first.map { VisibleText.escape($0.text) }
        guard banner.code == 220 else { return fail(.greeting, "the server's banner is \(Self.quote(banner))") }
        guard let ehlo = await command("EHLO \(helloName)", phase: .ehlo), ehlo.code == 250 else { return }
        result.startTLSOffered = Capabilities(ehloReply: ehlo).contains("STARTTLS")
        if result.startTLSOffered {
            guard await startTLS(settings: settings) else { return }
            guard let again = await command("EHLO \(helloName)", phase: .ehloAfterTLS), again.code == 250 else { return }
        }
        connection.send(Array("QUIT\r\n".utf8)).whenComplete { _ in }
        _ = await events.next()
    }

    /// STARTTLS and the handshake, timed apart at the moment the 220 was read.
    private mutating func startTLS(settings: TLSSettings) async -> Bool {
        let sent = ContinuousClock.now
        let outcome: StartTLSOutcome
        do {
            outcome = try await connection.startTLS(settings: settings)
        } catch {
            let answered = await readyReply()
            if let answered { result.durations[.starttls] = answered.at - sent }
            fail(answered == nil ? .starttls : .handshake, HostProbe.describe(error))
            return false
        }
        let finished = ContinuousClock.now
        guard let answered = await readyReply() else {
            fail(.starttls, "the connection closed before the reply to STARTTLS")
            return false
        }
        result.durations[.starttls] = answered.at - sent
        switch outcome {
        case .declined(let reply):
            fail(.starttls, "the server answered STARTTLS with \(Self.quote(reply))")
            return false
        case .established(let info):
            result.durations[.handshake] = finished - answered.at
            result.tls = info
            return true
        }
    }

    /// The reply startTLS saw, taken from the queue where it was also delivered; nil when
    /// none came.
    private func readyReply() async -> (reply: Reply, at: ContinuousClock.Instant)? {
        while true {
            switch await events.next() {
            case .reply(let reply, let at): return (reply, at)
            case .closed: return nil
            default: continue
            }
        }
    }

    /// Sends `line` and waits for its reply; a reply that is not 2xx ends the session.
    private mutating func command(_ line: String, phase: ProbePhase) async -> Reply? {
        let sent = ContinuousClock.now
        connection.send(Array("\(line)\r\n".utf8)).whenComplete { _ in }
        guard let reply = await reply(for: phase, since: sent) else { return nil }
        if reply.replyClass != 2 { fail(phase, "the server answered \(line) with \(Self.quote(reply))") }
        return reply
    }

    /// The next reply, timing `phase` up to its last byte; nil (and the failure noted) when the connection ends first.
    private mutating func reply(for phase: ProbePhase, since start: ContinuousClock.Instant) async -> Reply? {
        while true {
            switch await events.next() {
            case .reply(let reply, let at):
                result.durations[phase] = at - start
                return reply
            case .closed(let reason):
                let waited = ContinuousClock.now - start
                let message = waited >= timeout ? "no reply within \(timeout)" : reason.description
                fail(phase, message)
                return nil
            default:
                continue
            }
        }
    }

    private mutating func fail(_ phase: ProbePhase, _ message: String) {
        if result.failure == nil { result.failure = ProbeFailure(phase: phase, message: message) }
    }

    /// `421 4.3.2 busy`: the code and first line, safe for a terminal, at most 120 characters.
    static func quote(_ reply: Reply) -> String {
        let text = VisibleText.escape(reply.lines.first?.text ?? [])
        return "\(reply.code) " + (text.count > 120 ? text.prefix(119) + "…" : text)
    }
}

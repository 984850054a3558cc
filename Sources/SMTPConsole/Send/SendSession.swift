import Glibc
import SMTPCore
import SMTPMessage

/// One run of `smtpc send` on an open runner: the steps of ``Send``, and the report they fill.
struct SendSession {
    let runner: ScriptRunner
    let request: SendRequest
    let configuration: ConsoleConfiguration
    private(set) var report: SendReport
    /// Every reply shown, in order, with what it answered.
    private let observed = ObservedReplies()

    init(runner: ScriptRunner, request: SendRequest, configuration: ConsoleConfiguration) {
        self.runner = runner
        self.request = request
        self.configuration = configuration
        report = SendReport(server: configuration.target?.description ?? "the practice server")
    }

    /// Runs the steps; the status says how it ended.
    mutating func run() -> ExitStatus {
        let start = ContinuousClock.now
        let observed = self.observed
        runner.loop.replyObserver = { observed.replies.append($0) }
        defer {
            report.timings = observed.timings(total: start.duration(to: .now))
        }
        guard let target = configuration.target else { return stop(.notReady("no server to send to")) }
        if let failed = runner.open(target) { return ended(failed, "the connection failed") }
        let helloName = configuration.helloName ?? HelloName.local()
        if configuration.tlsMode != .startTLS {
            if let status = runner.play(.lines([(configuration.lmtp ? "LHLO " : "EHLO ") + helloName][...])) {
                return ended(status, "the session ended during EHLO")
            }
        }
        guard let extensions = runner.loop.machine.session.extensions else {
            return stop(.notReady("the server did not accept EHLO: no message can be sent"))
        }
        if configuration.credentials.user != nil || configuration.credentials.token != nil {
            let mark = observed.replies.count
            if let status = runner.play(.lines(["/auth"][...])) { return ended(status, "the session ended during AUTH") }
            let authReplies = observed.replies[mark...].filter { $0.context == .auth || $0.context == .authResponse }
            guard authReplies.last?.reply.code == 235 else {
                return stop(.notReady("authentication failed: no message can be sent"))
            }
        }
        if extensions.contains("PIPELINING") { runner.loop.pipelineFromNow() }
        report.tls = runner.loop.machine.tls.map(SendReport.TLSDetails.init)
        let plan: SendPlan
        do {
            plan = try SendPlan.make(
                request, extensions: extensions, tlsActive: runner.loop.machine.tls != nil, helloName: helloName)
        } catch {
            return stop(error)
        }
        let (prepared, commands) = (plan.message, plan.commands)
        defer { prepared.remove() }
        report.messageID = prepared.messageID
        report.size = prepared.size
        report.smtputf8 = commands.usesSMTPUTF8
        for _ in 0..<request.repeatCount {
            if let status = transaction(commands, recipients: request.envelope.recipients.map(\.address), file: prepared.path) {
                return ended(status, "the session ended during the transaction")
            }
        }
        if let status = runner.play(.lines(["QUIT"][...])) { return ended(status, nil) }
        return verdict(runner.finish())
    }

    /// One transaction: MAIL and RCPT, then the message when a recipient was accepted (RSET
    /// when none was). Nil when it ran to its end, else the status the session ended with.
    private mutating func transaction(_ commands: EnvelopeCommands, recipients: [String], file: String) -> ExitStatus? {
        let mark = observed.replies.count
        let status = runner.play(.lines(([commands.mail] + commands.recipients)[...]))
        let envelopeReplies = observed.replies[mark...]
        let mail = envelopeReplies.first { $0.context == .mailFrom }?.reply
        let answers = envelopeReplies.filter { $0.context == .rcptTo }.map(\.reply)
        let pairs = recipients.enumerated().map { index, address in
            (address: address, reply: index < answers.count ? answers[index] : nil)
        }
        var final: Reply?
        var ended = status
        if status == nil {
            if (mail?.code ?? 0) / 100 == 2, answers.contains(where: { $0.code / 100 == 2 }) {
                let sent = observed.replies.count
                ended = runner.play(.lines([(request.bdat ? "/bdat " : "/send ") + file][...]))
                final = observed.replies[sent...].last { $0.context == .endOfData || $0.context == .bdat }?.reply
            } else {
                ended = runner.play(.lines(["RSET"][...]))
            }
        }
        report.transactions.append(SendReport.Transaction(DeliveryResult(mail: mail, recipients: pairs, final: final)))
        return ended
    }

    /// The session's status from the script's: the transactions decide between success, some
    /// recipients refused, and a negative reply; any other status stands.
    private mutating func verdict(_ status: ExitStatus) -> ExitStatus {
        let results = report.transactions.map(\.result)
        guard status == .success || status == .negativeReply, let outcome = SendReport.outcome(of: results) else {
            return ended(status, nil)
        }
        report.outcome = outcome.rawValue
        switch outcome {
        case .allAccepted: return .success
        case .someRefused: return .someRecipientsRefused
        case .allRefused, .messageRefused: return .negativeReply
        }
    }

    /// Ends with `status`, noting `what` as the report's error when the status is a failure.
    private mutating func ended(_ status: ExitStatus, _ what: String?) -> ExitStatus {
        if let outcome = SendReport.outcome(of: report.transactions.map(\.result)) { report.outcome = outcome.rawValue }
        if status != .success, report.error == nil, let what { report.error = "\(what) (\(status.meaning))" }
        return status
    }

    /// Stops before (or instead of) a transaction: says why, sends QUIT, and ends with the
    /// error's status.
    private mutating func stop(_ error: SendError) -> ExitStatus {
        runner.loop.error("send: \(error)")
        report.error = error.description
        if runner.loop.machine.isConnected {
            _ = runner.play(.lines(["QUIT"][...]))
            _ = runner.finish()
        }
        return error.exitStatus
    }
}

/// The replies shown so far, each with what it answered (``ConsoleLoop/replyObserver``).
final class ObservedReplies {
    var replies: [ReplyDisplay] = []

    /// The milliseconds of each phase, from the replies' own timings.
    func timings(total: Duration) -> SendReport.Timings {
        var timings = SendReport.Timings()
        func add(_ value: Int?, to field: inout Int?) {
            guard let value else { return }
            field = (field ?? 0) + value
        }
        for shown in replies {
            let elapsed = shown.elapsedMilliseconds
            switch shown.context {
            case .greeting: add(elapsed, to: &timings.greeting)
            case .ehlo, .lhlo, .helo: add(elapsed, to: &timings.ehlo)
            case .startTLS: add(elapsed, to: &timings.starttls)
            case .auth, .authResponse: add(elapsed, to: &timings.auth)
            case .mailFrom: add(elapsed, to: &timings.mail)
            case .rcptTo: add(elapsed, to: &timings.rcpt)
            case .data: add(elapsed, to: &timings.data)
            case .endOfData, .bdat: add(elapsed, to: &timings.message)
            case .quit: add(elapsed, to: &timings.quit)
            default: break
            }
        }
        timings.total = Int(Clock.milliseconds(of: total))
        return timings
    }
}

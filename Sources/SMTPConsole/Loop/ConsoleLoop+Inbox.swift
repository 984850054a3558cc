import Glibc
import SMTPCore
import SMTPTransport

/// The inbox: what the event loop, the connect call and STARTTLS posted, handled in
/// passes, and the waits outside the line editor's read.
extension ConsoleLoop {
    /// Handles the queued events (at most ``passWeight`` of what the server sent), then the
    /// transfer's next block when the socket can take it.
    ///
    /// What the server sent is counted out of the connection's ``ReadGate`` only once it has
    /// been handled and shown: a flood then waits at the server, not in memory, however
    /// fast it comes and however slowly the screen takes it.
    func drainInbox() {
        let events = inbox.drain(maximumWeight: Self.passWeight)
        let gate = link.readGate
        let current = link.generation
        var weight = 0
        for case .network(let event, let generation) in events where generation == current { weight += event.weight }
        batch = []
        for event in events { handle(event) }
        let outputs = batch ?? []
        batch = nil
        apply(outputs)
        gate?.consumed(weight)
        if fileTransfer.mayRead(on: connection) { readNextBlock() }
    }

    private func handle(_ event: LoopEvent) {
        switch event {
        case .network(let event, let generation):
            guard generation == link.generation else { return }
            let now = Moment.now()
            switch event {
            case .reply(let reply, let receivedAt):
                link.repliesReceived += 1
                feed { $0.received(.reply(reply, Moment(monotonic: receivedAt, wall: now.wall))) }
            case .parseError(let error):
                feed { $0.received(.parseError(error, now)) }
            case .overflow(let piece):
                feed { $0.received(.overflow(piece, now)) }
            case .proxyHeaderSent(let summary):
                feed { $0.received(.proxyHeaderSent(summary, now)) }
            case .tlsEstablished(let info):
                feed { $0.received(.tlsEstablished(info, now)) }
            case .answerWritten:
                feed { $0.received(.answerWritten(now)) }
            case .closed(let reason):
                link.connection = nil
                fileTransfer.cancel()
                feed { $0.received(.closed(reason, now)) }
            case .writable:
                break  // drainInbox reads the next block
            }
        case .connected(let connection, let generation):
            guard generation == link.generation else {
                connection.closeNow()
                return
            }
            link.connection = connection
            feed { $0.connected(remoteAddress: connection.remoteAddress, at: .now()) }
            let inbox = self.inbox
            connection.after(configuration.replyTimeout) { inbox.post(.greetingDeadline(generation: generation)) }
        case .connectFailed(let error, let generation):
            guard generation == link.generation else { return }
            link.failure = error
            feed { $0.connectFailed(error, at: .now()) }
        case .startTLSFinished(let result, let generation):
            guard generation == link.generation else { return }
            feed { $0.startTLSFinished(result, at: .now()) }
        case .notes(let events):
            feed { $0.noted(events) }
        case .greetingDeadline(let generation):
            guard generation == link.generation else { return }
            let seconds = Clock.milliseconds(of: configuration.replyTimeout) / 1000
            feed { $0.greetingOverdue(after: seconds, at: .now()) }
        case .finished(let result):
            finishedWork = result
        case .poke:
            break
        }
    }

    /// Waits on the inbox (and `interrupt`, a descriptor such as the signal pipe) until
    /// `done` holds, `timeout` passed, or `interrupt` became readable.
    func pump(
        until done: (ConsoleMachine) -> Bool, timeout: Duration? = nil, interrupt: Int32? = nil
    ) -> PumpResult {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        while !done(machine) {
            var fds = [pollfd(fd: inbox.descriptor, events: Int16(POLLIN), revents: 0)]
            if let interrupt { fds.append(pollfd(fd: interrupt, events: Int16(POLLIN), revents: 0)) }
            var wait: Int32 = -1
            if let deadline {
                let left = deadline - .now
                if left <= .zero { return .timedOut }
                wait = Int32(clamping: max(1, Clock.milliseconds(of: left)))
            }
            if poll(&fds, nfds_t(fds.count), wait) < 0, errno != EINTR { return .timedOut }
            if fds.count > 1, fds[1].revents != 0 { return .interrupted }
            if fds[0].revents != 0 { drainInbox() }
        }
        return .done
    }

    /// Runs async work (the practice server's start) to completion while the loop goes
    /// on handling its inbox; its end arrives as an event like any other (``LoopEvent/finished(_:)``).
    func wait<T: Sendable>(for work: @escaping @Sendable () async throws -> T) -> Result<T, any Error> {
        finishedWork = nil
        let inbox = self.inbox
        Task {
            do { inbox.post(.finished(.success(try await work()))) } catch { inbox.post(.finished(.failure(error))) }
        }
        _ = pump(until: { _ in finishedWork != nil })
        defer { finishedWork = nil }
        switch finishedWork {
        case .success(let value as T): return .success(value)
        case .failure(let error): return .failure(error)
        default: preconditionFailure("the work's result is a \(T.self)")
        }
    }

    /// How a `pump` ended.
    enum PumpResult {
        case done, timedOut, interrupted
    }
}

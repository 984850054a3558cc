import SMTPCore

/// The yes/no questions the next typed line answers, and what interrupts a wait.
extension ConsoleMachine {
    // MARK: A refused DATA

    /// DATA got something other than 354: lines held after it must not be sent as commands.
    mutating func dataRefused() {
        let held = queue.count - queueHead
        switch settings.pacing {
        case .interactive:
            guard held > 0 else { return }
            switch activity {
            case .idle: break
            case .asking(.heldLinesAfterRefusedData): break  // a second DATA (/raw), asked again
            default:
                // Lines are held behind DATA, so nothing else can have started after it.
                impossible("DATA refused while something else runs")
                return
            }
            activity = .asking(.heldLinesAfterRefusedData(count: held))
            show(.warning("DATA was refused: the \(held) line(s) typed after it were not sent"))
        case .lockstep, .pipelined:
            // The script's body lines, up to the lone dot, are skipped.
            var skipped = 0
            while queueHead < queue.count {
                let line = queue[queueHead]
                queueHead += 1
                skipped += 1
                if line == "." {
                    show(.warning("DATA was refused: the \(skipped) line(s) of its body were not sent"))
                    return
                }
            }
            queue.removeAll()
            queueHead = 0
            discardingRefusedBody = true
            show(.warning("DATA was refused: the lines of its body are not sent"))
        }
    }

    // MARK: Questions

    /// The user answered the question being asked.
    mutating func answer(_ line: String, at now: Moment) {
        let yes = ["y", "yes"].contains(line.trimmingCharacters(in: " ").lowercased())
        let asked = question
        switch activity {
        case .asking: activity = .idle
        case .transfer: withTransfer { $0.askingToStop = false }
        default: impossible("an answer with no question asked")
        }
        switch asked {
        case .heldLinesAfterRefusedData:
            if !yes {
                let dropped = queue.count - queueHead
                queue.removeAll()
                queueHead = 0
                show(.hint("(the \(dropped) held line(s) were dropped)"))
            }
        case .sendOverSizeLimit(let plan, _):
            if yes {
                beginTransfer(plan, at: now)
            } else {
                show(.hint("(not sent)"))
            }
        case .abortTransfer:
            if yes { abortTransfer() }
        case nil:
            break
        }
    }

    /// Ctrl-C during a transfer: ask before dropping the connection.
    mutating func interruptedDuringTransfer() -> [Output] {
        withTransfer { $0.askingToStop = true }
        return take()
    }

    /// A script timed out: the lines it still holds are never sent.
    mutating func timedOut() -> [Output] {
        stop(with: .timeout)
        queue.removeAll()
        queueHead = 0
        return take()
    }

    /// Ctrl-C at an empty prompt while lines wait behind an unanswered command (a server
    /// that does not answer DATA, say): the waiting lines are abandoned, and the user told
    /// what is still unanswered. Nothing already sent can be taken back.
    mutating func interruptedWhileWaiting() -> [Output] {
        let held = heldLines.count
        guard held > 0, !isTransferring, question == nil else { return take() }
        queue.removeAll()
        queueHead = 0
        let waiting = oldestUnanswered.map { " (still waiting for the reply to \($0))" } ?? ""
        show(.hint("(\(held) line(s) waiting to be sent were abandoned\(waiting))"))
        return take()
    }

    /// Script mode goes on pipelined (`smtpc send`, once the server advertised PIPELINING).
    mutating func pipelineFromNow() {
        guard settings.pacing == .lockstep else { return }
        settings.pacing = .pipelined
    }
}

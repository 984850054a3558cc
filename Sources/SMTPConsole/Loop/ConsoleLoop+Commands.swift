import SMTPCore
import SMTPTransport

/// What the meta-commands ask of the loop: `/send`, `/bdat` and leaving.
extension ConsoleLoop {
    /// `/quit`, Ctrl-D: QUIT when it can be sent, half a second at most for the 221 and the
    /// close, then the connection is closed whatever the server does (so the console is
    /// gone within a second even while a server floods it).
    ///
    /// On a terminal, what is left of a long reply meanwhile is counted, not shown: the
    /// screen is taken as full, so that leaving never waits for a slow terminal.
    func quit(interrupt: Int32?) {
        if screenBacklog != nil { screenBacklog = { ReplyFold.limit } }
        feed { $0.quitRequested(at: .now()) }
        _ = pump(until: { !$0.isConnected && !$0.isConnecting }, timeout: .milliseconds(500), interrupt: interrupt)
        disconnect()
        endFold()
    }

    /// `/send FILE` (`.data`) or `/bdat FILE` (`.bdat`).
    func transfer(_ kind: TransferPlan.Kind, argument: String) {
        let path = argument.trimmingCharacters(in: " ")
        guard !path.isEmpty else {
            show(renderer.lines(for: .text([style.error("usage: \(kind == .data ? "/send" : "/bdat") FILE")])))
            return
        }
        transfer(kind, path: path)
    }

    /// Opens `path` for `/send` or `/bdat` and hands the plan to the machine.
    func transfer(_ kind: TransferPlan.Kind, path: String) {
        let size: Int
        do {
            size = try fileTransfer.open(path: path)
        } catch {
            self.error("\(error); nothing was sent")
            return
        }
        feed { $0.transferRequested(TransferPlan(kind: kind, path: path, size: size), at: .now()) }
        if !machine.isTransferring, machine.question == nil { fileTransfer.cancel() }
    }

    /// Reads the block the machine asked for and hands it over (or the read error).
    func readNextBlock() {
        switch fileTransfer.readNext(chunked: machine.transfer?.plan.kind == .bdat) {
        case nil: break
        case .success(let read): feed { $0.fileRead(read.block, isLast: read.isLast, at: .now()) }
        case .failure(let error): feed { $0.fileFailed("\(error)", at: .now()) }
        }
    }
}

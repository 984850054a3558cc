import Dispatch
import NIOCore
import NIOPosix
import Synchronization
import Testing

@testable import SMTPServer

/// `smtpc serve`'s log: the lines of one event-loop turn leave together, at its end, in
/// order; lines from elsewhere leave at once, after any still waiting.
@Suite struct ServerLogOutputTests {
    final class Written: Sendable {
        let groups = Mutex<[String]>([])
        func add(_ text: [UInt8]) { groups.withLock { $0.append(String(decoding: text, as: UTF8.self)) } }
        var all: [String] { groups.withLock { $0 } }
    }

    @Test func aTurnsLinesLeaveTogetherAtItsEnd() async throws {
        let written = Written()
        let output = ServerLogOutput(destination: written.add)
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let seenDuringTheTurn = try await loop.submit {
            output.write(["[#1] C: EHLO a"])
            output.write(["[#2] S: 250-b", "[#2] S: 250 c"])
            return written.all
        }.get()
        #expect(seenDuringTheTurn.isEmpty)
        // The write queued behind the turn runs on the same loop: one more turn and it is done.
        try await loop.submit {}.get()
        #expect(written.all == ["[#1] C: EHLO a\n[#2] S: 250-b\n[#2] S: 250 c\n"])
    }

    @Test func linesFromOffTheLoopsLeaveAtOnceAfterThoseWaiting() async throws {
        let written = Written()
        let output = ServerLogOutput(destination: written.add)
        output.write(["--- listening"])
        #expect(written.all == ["--- listening\n"])
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        try await loop.submit {
            output.write(["[#1] S: 221 bye"])
            // Another thread, not an event loop, logs while the turn still holds its line.
            DispatchQueue.global().sync { output.write(["--- stopping"]) }
        }.get()
        try await loop.submit {}.get()
        #expect(written.all == ["--- listening\n", "[#1] S: 221 bye\n--- stopping\n"])
    }
}

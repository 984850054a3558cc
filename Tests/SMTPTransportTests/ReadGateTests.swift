import SMTPCore
import Synchronization
import Testing

@testable import SMTPTransport

/// The read gate alone: reading stops past the limit and starts again, exactly once, when
/// the consumer has taken the backlog down to half, whichever side gets there first.
@Suite struct ReadGateTests {
    final class Resumes: Sendable {
        let count = Atomic<Int>(0)
    }

    @Test func readingStopsPastTheLimitAndStartsAgainAtHalf() {
        let gate = ReadGate(limit: 1000)
        let resumes = Resumes()
        gate.setResume { resumes.count.add(1, ordering: .relaxed) }
        #expect(!gate.admitted(600), "under the limit")
        #expect(gate.admitted(600), "past it: stop reading")
        #expect(!gate.markPaused(), "the consumer has not caught up")
        #expect(gate.isPaused)
        #expect(!gate.admitted(300), "already paused: nothing more to stop")
        gate.consumed(600)
        #expect(resumes.count.load(ordering: .relaxed) == 0, "900 left: still above half")
        gate.consumed(500)
        #expect(resumes.count.load(ordering: .relaxed) == 1, "400 left: reading starts again")
        #expect(!gate.isPaused)
        gate.consumed(400)
        #expect(resumes.count.load(ordering: .relaxed) == 1, "only once")
        #expect(gate.outstandingWeight == 0)
    }

    @Test func aConsumerThatCaughtUpBeforeThePauseMakesTheReaderGoOn() {
        let gate = ReadGate(limit: 1000)
        let resumes = Resumes()
        gate.setResume { resumes.count.add(1, ordering: .relaxed) }
        #expect(gate.admitted(1500))
        // The consumer takes everything before the reader marks its pause: it sees no
        // pause to end, so the reader itself must go on reading.
        gate.consumed(1500)
        #expect(gate.markPaused(), "start reading again at once")
        #expect(!gate.isPaused)
        #expect(resumes.count.load(ordering: .relaxed) == 0, "the reader resumes itself, not through the consumer")
    }

    @Test func theWeightOfAnEventIsWhatTheServerSent() {
        let line = ReplyLine(code: 250, isLast: true, text: Array("ok".utf8), raw: Array("250 ok".utf8))
        let reply = ConnectionEvent.reply(Reply(code: 250, lines: [line]), receivedAt: .now)
        #expect(reply.weight == 64 + 6 + 48)
        #expect(ConnectionEvent.writable.weight == 0, "not counted by the reader, so not by the consumer")
        #expect(ConnectionEvent.closed(.byServer).weight == 0)
    }
}

import Dispatch
import NIOCore
import Synchronization
import Testing

@testable import SMTPTransport

/// Script mode's hand-over of the next command to the event loop that just read a reply:
/// a write is made exactly once, by the loop or by a task, and in the order it was queued.
@Suite struct WriteHandoffTests {
    private func write(_ text: String) -> WriteHandoff.Write {
        WriteHandoff.Write(buffer: ByteBuffer(string: text), written: { _ in })
    }

    private func texts(_ writes: [WriteHandoff.Write]) -> [String] {
        writes.map { String(buffer: $0.buffer) }
    }

    @Test func aWriteWithNoLoopWatchingIsLeftForATask() {
        let handoff = WriteHandoff(window: .seconds(1))
        #expect(!handoff.offer(write("MAIL FROM:<a@example.org>\r\n")))
        #expect(texts(handoff.take()) == ["MAIL FROM:<a@example.org>\r\n"])
        #expect(handoff.take().isEmpty)
    }

    @Test func aWriteMadeWhileTheLoopWatchesIsHandedToIt() {
        let handoff = WriteHandoff(window: .seconds(5))
        let handed = Mutex<Bool?>(nil)
        DispatchQueue.global().async {
            while !handoff.isWatching {}
            let taken = handoff.offer(write("RCPT TO:<b@example.org>\r\n"))
            handed.withLock { $0 = taken }
        }
        let start = ContinuousClock.now
        let writes = handoff.awaitWrites()
        #expect(texts(writes) == ["RCPT TO:<b@example.org>\r\n"])
        #expect(ContinuousClock.now - start < .seconds(5))
        while handed.withLock({ $0 }) == nil {}
        #expect(handed.withLock { $0 } == true)
        // Taken once: the task a writer might still have sent finds nothing.
        #expect(handoff.take().isEmpty)
        #expect(!handoff.isWatching)
    }

    @Test func writesQueuedBeforeTheWatchAreTakenAtOnceInOrder() {
        let handoff = WriteHandoff(window: .seconds(5))
        #expect(!handoff.offer(write("DATA\r\n")))
        #expect(!handoff.offer(write("Subject: x\r\n")))
        let start = ContinuousClock.now
        #expect(texts(handoff.awaitWrites()) == ["DATA\r\n", "Subject: x\r\n"])
        #expect(ContinuousClock.now - start < .seconds(1))
        #expect(!handoff.isWatching)
    }

    @Test func aWatchWithNoWriteEndsAfterItsWindow() {
        let handoff = WriteHandoff(window: .milliseconds(2))
        let start = ContinuousClock.now
        #expect(handoff.awaitWrites().isEmpty)
        #expect(ContinuousClock.now - start >= .milliseconds(2))
        // The loop is no longer watching: the next write needs a task again.
        #expect(!handoff.offer(write("QUIT\r\n")))
    }

    /// The loop watches only after the reply the console said it will answer at once: a
    /// pipelined group's first replies are not worth a watch.
    @Test func theLoopWatchesOnlyAfterTheReplyThatIsAnswered() {
        let handoff = WriteHandoff(window: .seconds(1))
        #expect(!handoff.expectsAnswer(afterReplies: 1))
        // MAIL, RCPT and DATA went out after reply 1: reply 4 (the 354) releases the body.
        handoff.expectAnswer(toReply: 4)
        #expect(!handoff.expectsAnswer(afterReplies: 2))
        #expect(!handoff.expectsAnswer(afterReplies: 3))
        #expect(handoff.expectsAnswer(afterReplies: 4))
        // Replies 4 and 5 in one read: still worth watching.
        #expect(handoff.expectsAnswer(afterReplies: 5))
        handoff.expectAnswer(toReply: nil)
        #expect(!handoff.expectsAnswer(afterReplies: 6))
    }
}

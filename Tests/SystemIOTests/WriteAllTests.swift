import Foundation
import Glibc
import Testing

@testable import SystemIO

/// `writeAll`: every byte reaches the reader through short writes, EAGAIN and EINTR, and a
/// failure comes back as its errno.
@Suite struct WriteAllTests {
    /// 1 MiB in a pattern that shows a lost or repeated block.
    private static let payload: [UInt8] = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 12) }

    /// What a slow reader of `fd` receives until the end of the pipe, taken by `wait()`.
    private final class SlowReader: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var received: [UInt8] = []

        init(fd: Int32) {
            Thread.detachNewThread { [self] in
                var chunk = [UInt8](repeating: 0, count: 4096)
                while true {
                    usleep(50)
                    let count = read(fd, &chunk, chunk.count)
                    if count < 0, errno == EINTR { continue }
                    guard count > 0 else { break }
                    received += chunk[..<count]
                }
                close(fd)
                done.signal()
            }
        }

        func wait() -> [UInt8] {
            done.wait()
            return received
        }
    }

    /// Signals one thread again and again until stopped, so that its writes are interrupted.
    private final class Interrupter: @unchecked Sendable {
        private let lock = NSLock()
        private var stopped = false
        private let finished = DispatchSemaphore(value: 0)

        init(thread: pthread_t, signal: Int32) {
            Thread.detachNewThread { [self] in
                while !lock.withLock({ stopped }) {
                    pthread_kill(thread, signal)
                    usleep(200)
                }
                finished.signal()
            }
        }

        func stop() {
            lock.withLock { stopped = true }
            finished.wait()
        }
    }

    @Test func everyByteGoesThroughAFullNonBlockingPipe() {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
        let reader = SlowReader(fd: ends[0])
        #expect(writeAll(ends[1], Self.payload) == nil)
        close(ends[1])
        #expect(reader.wait() == Self.payload)
    }

    @Test func everyByteGoesThroughWhileTheWriterIsInterrupted() {
        // A handler without SA_RESTART: a blocked write(2) returns EINTR or a short count. It
        // stays (it does nothing): a signal still on its way must not end the test process.
        var action = sigaction()
        action.__sigaction_handler = .init(sa_handler: { _ in })
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGUSR2, &action, nil)

        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let reader = SlowReader(fd: ends[0])
        let interrupter = Interrupter(thread: pthread_self(), signal: SIGUSR2)
        let failure = writeAll(ends[1], Self.payload[...])
        interrupter.stop()
        close(ends[1])
        #expect(failure == nil)
        #expect(reader.wait() == Self.payload)
    }

    @Test func textIsWrittenAsUTF8() {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        #expect(writeAll(ends[1], "héllo\n") == nil)
        close(ends[1])
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(ends[0], &buffer, buffer.count)
        close(ends[0])
        #expect(Array(buffer[..<max(0, count)]) == Array("héllo\n".utf8))
    }

    @Test func aFailureIsItsErrnoAndNothingIsNoWrite() {
        #expect(writeAll(-1, [1, 2, 3]) == EBADF)
        #expect(writeAll(-1, [UInt8]()) == nil)
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        close(ends[0])
        signal(SIGPIPE, SIG_IGN)  // as the test process has it anyway (SwiftNIO)
        #expect(writeAll(ends[1], "lost") == EPIPE)
        close(ends[1])
    }
}

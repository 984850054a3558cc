import SMTPDKIM
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The messages the practice server accepted, newest last: at most `capacity` of them and
/// `byteCapacity` bytes in all (the oldest go first; a maildir keeps everything).
///
/// Shared by every connection (and read by the console's `/inbox`), so guarded by a mutex.
/// When a maildir is set, each message is also written there before it is acknowledged.
public final class MessageStore: Sendable {
    private struct State {
        var messages: [StoredMessage] = []
        var bytes = 0
        var nextNumber = 1
    }

    private let state = Mutex(State())
    private let capacity: Int
    private let byteCapacity: Int
    private let maildir: Maildir?
    private let hostname: String
    private let verifier: DKIMVerifier

    /// A store keeping at most `capacity` messages and `byteCapacity` bytes in memory, and
    /// writing to `maildir` if given; `hostname` names the server in the trace fields, and each
    /// message's DKIM signatures are checked with the keys of `dkimKeys`.
    public init(
        capacity: Int = 1000, byteCapacity: Int = 64 << 20, maildir: String? = nil, hostname: String = "localhost",
        dkimKeys: DKIMKeyZone = DKIMKeyZone()
    ) throws {
        self.capacity = max(1, capacity)
        self.byteCapacity = max(1, byteCapacity)
        self.maildir = try maildir.map { try Maildir(path: $0) }
        self.hostname = hostname
        verifier = DKIMVerifier { selector, domain in dkimKeys.record(selector: selector, domain: domain) }
    }

    /// Every message kept in memory, oldest first.
    public var messages: [StoredMessage] {
        state.withLock { $0.messages }
    }

    /// The message stored under `id`, while it is kept in memory.
    public func message(id: String) -> StoredMessage? {
        state.withLock { $0.messages.last { $0.id == id } }
    }

    /// The number of messages kept in memory.
    public var count: Int {
        state.withLock { $0.messages.count }
    }

    /// Stores a message: in the maildir first (so a 250 means it is on disk), then in memory.
    func store(_ envelope: Envelope, data: [UInt8], at date: Date = Date()) -> Result<String, DeliveryFailure> {
        let number = state.withLock { state in
            defer { state.nextNumber += 1 }
            return state.nextNumber
        }
        let id = Self.queueID(number: number, date: date)
        let message = StoredMessage(
            id: id, envelope: envelope, data: data, receivedAt: date, receivedBy: hostname, dkim: verifier.verify(data))
        if let maildir {
            do {
                try maildir.deliver(message)
            } catch {
                return .failure(DeliveryFailure(reason: "maildir write failed (\(error.description))"))
            }
        }
        state.withLock { state in
            state.messages.append(message)
            state.bytes += message.data.count
            while state.messages.count > 1 && (state.messages.count > capacity || state.bytes > byteCapacity) {
                state.bytes -= state.messages.removeFirst().data.count
            }
        }
        return .success(id)
    }

    /// Forgets every message kept in memory (the maildir is left alone).
    public func removeAll() {
        state.withLock { state in
            state.messages.removeAll()
            state.bytes = 0
        }
    }

    /// A short id unique within this run: the start second in base 36 and a counter, each
    /// padded, so that ids are all one width (9 characters up to the 99,999th message) and a
    /// table of them lines up the same way every run.
    static func queueID(number: Int, date: Date) -> String {
        let seconds = String(Int(date.timeIntervalSince1970) % 46_656, radix: 36, uppercase: true)
        return "P" + padded(seconds, to: 3) + padded(String(number), to: 5)
    }

    private static func padded(_ digits: String, to width: Int) -> String {
        String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

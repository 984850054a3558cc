import SMTPClassroom
import SMTPServer
import Synchronization

/// The class's accounts at the practice server's door: AUTH checks their passwords, and
/// each account's open connections and accepted messages are limited, so that one student
/// cannot crowd out the others.
public final class ClassroomGate: AccountGate {
    private let verifier: AccountVerifier
    private let limits: ClassroomLimits
    private let counts: Mutex<Counts>

    private struct Counts {
        var connections: [String: Int] = [:]
        var messages: [String: Int]
    }

    /// A gate for `verifier`'s accounts; `messagesSoFar` are the messages each has had
    /// accepted before (the database's count: the limit is over the life of the class).
    public init(verifier: AccountVerifier, limits: ClassroomLimits, messagesSoFar: [String: Int]) {
        self.verifier = verifier
        self.limits = limits
        counts = Mutex(Counts(messages: messagesSoFar))
    }

    public func verify(user: String, password: String) -> Bool {
        verifier.verify(user: user, password: password)
    }

    public func admitConnection(user: String) -> String? {
        counts.withLock { counts in
            let open = counts.connections[user, default: 0]
            guard open < limits.connections else {
                return "Too many connections for \(user): \(limits.connections) at once is the class's limit; close one first"
            }
            counts.connections[user] = open + 1
            return nil
        }
    }

    public func releaseConnection(user: String) {
        counts.withLock { counts in counts.connections[user] = max(0, counts.connections[user, default: 0] - 1) }
    }

    public func admitMessage(user: String) -> String? {
        counts.withLock { counts in
            counts.messages[user, default: 0] < limits.messages
                ? nil : "Message limit reached for \(user): \(limits.messages) messages is the class's limit"
        }
    }

    public func messageAccepted(user: String) {
        counts.withLock { counts in counts.messages[user, default: 0] += 1 }
    }
}

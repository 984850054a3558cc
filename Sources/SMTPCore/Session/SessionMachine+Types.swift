extension SessionMachine {
    /// What the server's greeting said.
    public enum Greeting: Sendable, Hashable {
        /// No greeting yet.
        case awaited
        /// 220: the server is ready.
        case ready
        /// 554 (or another negative code): the server refuses this client (RFC 5321 §3.1).
        case refused
    }

    /// The open mail transaction (after a MAIL command was accepted).
    public struct Transaction: Sendable, Hashable {
        /// Recipients the server accepted (250/251 to RCPT).
        public internal(set) var acceptedRecipients = 0
        /// Recipients the server refused.
        public internal(set) var rejectedRecipients = 0
        /// `true` once a BDAT chunk was sent: DATA may no longer be used (RFC 3030 §2).
        public internal(set) var usesBDAT = false
        /// `true` after a BDAT chunk was refused: RFC 3030 says send RSET, no further chunk.
        public internal(set) var bdatFailed = false
    }
}

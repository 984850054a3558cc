/// Why an operation on an open connection failed; `message` is the line to show the user.
public struct ConnectionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of failure.
    public struct Kind: Sendable, Hashable {
        fileprivate enum Base: Hashable {
            case notConnected, startTLSPending, tlsAlreadyActive, writeFailed
        }
        fileprivate let base: Base

        /// The connection is closed.
        public static let notConnected = Kind(base: .notConnected)
        /// A STARTTLS is already waiting for its reply or handshake.
        public static let startTLSPending = Kind(base: .startTLSPending)
        /// TLS is already on; STARTTLS twice is not allowed (RFC 3207 §4.2).
        public static let tlsAlreadyActive = Kind(base: .tlsAlreadyActive)
        /// The bytes could not be written.
        public static let writeFailed = Kind(base: .writeFailed)
    }

    public let kind: Kind
    public let message: String
    public var description: String { message }

    static let notConnected = ConnectionError(kind: .notConnected, message: "not connected")
    static let startTLSPending = ConnectionError(
        kind: .startTLSPending, message: "a STARTTLS is already in progress")
    static let tlsAlreadyActive = ConnectionError(
        kind: .tlsAlreadyActive, message: "TLS is already active on this connection")
}

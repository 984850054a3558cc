/// Why `/tls save FILE` wrote nothing; its description is the line shown (as an error).
enum CertificateSaveError: Error, Equatable, CustomStringConvertible {
    /// No connection, or one without TLS.
    case noTLS
    /// The handshake did not keep the certificates (their DER is missing).
    case notKept
    /// The file could not be opened or written: the path as typed, and strerror's text.
    case cannotWrite(path: String, reason: String)

    var description: String {
        switch self {
        case .noTLS: "/tls save: no TLS on this connection: nothing to save"
        case .notKept: "/tls save: the server's certificates were not kept by the handshake"
        case .cannotWrite(let path, let reason): "/tls save: cannot write \(path): \(reason)"
        }
    }
}

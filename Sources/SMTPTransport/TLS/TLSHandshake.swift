import Glibc
import NIOCore
import NIOSSL

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One TLS handshake on one channel: installs the handlers, then describes the outcome.
///
/// Lives on the channel's event loop. It records, as the handshake goes, the chain
/// BoringSSL built (``ChainRecorder``) and the cipher suite the server chose
/// (``ServerHelloSniffer``), because NIOSSL exposes neither after the fact.
final class TLSHandshake {
    let prepared: PreparedTLS
    private let recorder: ChainRecorder
    private let sniffer = ServerHelloSniffer()

    init(_ prepared: PreparedTLS) {
        self.prepared = prepared
        self.recorder = ChainRecorder(acceptEverything: prepared.settings.acceptsAnyChain, serverName: prepared.serverName)
    }

    var timeout: Duration { prepared.timeout }

    /// Puts the prompt acknowledgement, the ServerHello sniffer and the TLS handler, in
    /// that order from the socket, in front of the reply handler.
    ///
    /// For STARTTLS they go at the head of the pipeline. While a new connection's pipeline
    /// is being built (`building`), they go after what is already there: a proxy tunnel and
    /// a PROXY header writer speak before TLS does.
    func install(in pipeline: ChannelPipeline.SynchronousOperations, building: Bool = false) throws {
        let handlers = try madeHandlers ?? makeHandlers()
        madeHandlers = nil
        if building {
            try pipeline.addHandlers(handlers)
        } else {
            try pipeline.addHandlers(handlers, position: .first)
        }
    }

    /// The handlers made ahead of ``install(in:building:)`` (``makeHandlersAhead()``).
    private var madeHandlers: [any ChannelHandler]?

    private func makeHandlers() throws -> [any ChannelHandler] {
        let tlsHandler = try LegacyVerification.makeClientHandler(
            context: prepared.context, serverName: prepared.sniName, recorder: recorder)
        // The sniffer also asks for prompt acknowledgements (``PromptAcknowledgement``).
        return [sniffer, tlsHandler]
    }

    /// Makes the handlers (BoringSSL's connection object among them) while STARTTLS's reply
    /// is on its way, so that the 220 finds them ready. A failure is left for `install` to
    /// meet and report.
    func makeHandlersAhead() {
        madeHandlers = try? makeHandlers()
    }

    /// What the completed handshake negotiated.
    func info(alpn: String?, pipeline: ChannelPipeline.SynchronousOperations) -> TLSInfo {
        let tlsHandler = try? pipeline.handler(type: NIOSSLClientHandler.self)
        var chain = recorder.chainLeafFirst
        if chain.isEmpty, let leaf = tlsHandler?.peerCertificate { chain = [leaf] }
        let verification: TLSInfo.Verification
        if prepared.settings.acceptsAnyChain {
            verification = .skipped(problem: recorder.firstFailure.map { problem(with: $0).reason })
        } else {
            verification = .verified(name: prepared.serverName)
        }
        return TLSInfo(
            protocolVersion: tlsHandler?.tlsVersion.map(Self.name(of:)) ?? "TLS",
            cipherSuite: sniffer.cipherSuite.map(CipherSuiteNames.name(of:)),
            serverNameSent: prepared.sniName,
            alpn: alpn,
            verification: verification,
            certificates: chain.map(CertificateSummary.init(_:)),
            group: sniffer.group.map(TLSGroupNames.name(of:)),
            resumed: sniffer.resumed)
    }

    /// With a chain check (`--dane`): the completed session as the check judged it, or the
    /// check's refusal; nil without one.
    func judged(alpn: String?, pipeline: ChannelPipeline.SynchronousOperations) -> Result<TLSInfo, TLSError>? {
        guard let check = prepared.settings.chainCheck else { return nil }
        let session = info(alpn: alpn, pipeline: pipeline)
        return check.judge(session).map(session.checked)
    }

    static func name(of version: TLSVersion) -> String {
        switch version {
        case .tlsv1: return "TLSv1.0"
        case .tlsv11: return "TLSv1.1"
        case .tlsv12: return "TLSv1.2"
        case .tlsv13: return "TLSv1.3"
        }
    }

    // MARK: Errors

    func timedOutError() -> TLSError {
        TLSError(
            kind: .timedOut,
            message: "the TLS handshake with \(prepared.expectedIdentity) did not finish within \(timeout)",
            suggestion: "check that the port speaks TLS (implicit TLS is usually port 465)")
    }

    /// The server closed the connection mid-handshake; `how` adds the system's words (a reset).
    func closedError(how: String? = nil) -> TLSError {
        TLSError(
            kind: .closedDuringHandshake,
            message: "the server closed the connection during the TLS handshake" + (how.map { " (\($0))" } ?? ""),
            suggestion: "the server may not support TLS on this port, or rejected our TLS version or certificate",
            certificates: recorder.chainLeafFirst.map(CertificateSummary.init(_:)))
    }

    /// Turns whatever NIOSSL reported into a verdict the user can act on.
    func mapError(_ error: any Error) -> TLSError {
        if let error = error as? TLSError { return error }
        let chain = recorder.chainLeafFirst.map(CertificateSummary.init(_:))
        if recorder.nameMismatch || (error as? NIOSSLExtraError) == .failedToValidateHostname {
            return hostnameMismatch(chain)
        }
        if let failed = recorder.firstFailure {
            let (kind, reason) = problem(with: failed)
            let suggestion: String
            switch kind {
            case .untrustedCertificate:
                suggestion = "use --cafile FILE with the CA that issued it, or --insecure to skip verification"
            default:
                suggestion = "check the server's certificate and this machine's clock, or use --insecure to skip verification"
            }
            return TLSError(
                kind: kind, message: "certificate verification failed for \(prepared.expectedIdentity): \(reason)",
                suggestion: suggestion, certificates: chain)
        }
        if let sslError = error as? NIOSSLError, case .uncleanShutdown = sslError {
            return closedError()
        }
        // The peer closed before the handshake finished (NIOSSL's synthetic "EOF during handshake").
        if let sslError = error as? NIOSSLError, sslError == .handshakeFailed(.sslError([.eofDuringHandshake])) {
            return closedError()
        }
        // A server that closes while our client hello is unread resets the connection: it
        // closed all the same (which of the two is seen depends on timing alone).
        if let ioError = error as? IOError, ioError.errnoCode == ECONNRESET || ioError.errnoCode == EPIPE {
            return closedError(how: SystemErrorText.describe(errno: ioError.errnoCode))
        }
        if let ioError = error as? IOError {
            return TLSError(
                kind: .closedDuringHandshake,
                message: "the connection failed during the TLS handshake: \(SystemErrorText.describe(errno: ioError.errnoCode))",
                certificates: chain)
        }
        return TLSError(
            kind: .handshakeFailed, message: "the TLS handshake failed: \(Self.describe(error))",
            suggestion: "the server may not speak TLS on this port, or shares no protocol version or cipher with us",
            certificates: chain)
    }

    /// The refusal for a certificate that does not name the server.
    private func hostnameMismatch(_ chain: [CertificateSummary]) -> TLSError {
        let names = chain.first?.subjectAlternativeNames ?? []
        let listed = names.isEmpty ? "" : " (it is for \(names.joined(separator: ", ")))"
        return TLSError(
            kind: .hostnameMismatch,
            message: "certificate verification failed: the certificate does not match \(prepared.expectedIdentity)\(listed)",
            suggestion: "use --servername NAME with a name the certificate lists, or --insecure to skip verification",
            certificates: chain)
    }

    /// After a handshake NIOSSL accepted: with a server name, insist that the certificate lists that name.
    ///
    /// NIOSSL is satisfied by an IP address entry matching the peer; see ``ServerNameCheck``.
    func serverNameProblem(pipeline: ChannelPipeline.SynchronousOperations) -> TLSError? {
        guard !prepared.settings.acceptsAnyChain, let name = prepared.serverName else { return nil }
        let leaf = (try? pipeline.handler(type: NIOSSLClientHandler.self))?.peerCertificate
        let chain = recorder.chainLeafFirst.map(CertificateSummary.init(_:))
        guard let leaf else { return hostnameMismatch(chain) }
        let matches = ServerNameCheck.matches(
            name: name, dnsNames: CertificateSummary.dnsNames(of: leaf),
            commonName: CertificateSummary.commonName(of: leaf))
        return matches ? nil : hostnameMismatch(chain)
    }

    /// Why a certificate BoringSSL rejected was rejected, judged from the certificate itself.
    ///
    /// NIOSSL does not pass on BoringSSL's error code, but the common causes can be told
    /// apart from the certificate: outside its validity period, or else not vouched for by
    /// any trusted CA (an unknown issuer, or self-signed).
    private func problem(with certificate: NIOSSLCertificate) -> (kind: TLSError.Kind, reason: String) {
        let summary = CertificateSummary(certificate)
        let now = Date()
        if summary.notAfter < now {
            return (.certificateExpired, "the certificate \(summary.subject) expired on \(CertificateSummary.format(summary.notAfter))")
        }
        if summary.notBefore > now {
            return (
                .certificateNotYetValid,
                "the certificate \(summary.subject) is not valid before \(CertificateSummary.format(summary.notBefore))"
            )
        }
        if summary.isSelfIssued {
            return (.untrustedCertificate, "unknown issuer: \(summary.subject) is self-signed and not trusted")
        }
        return (.untrustedCertificate, "unknown issuer: \(summary.issuer), which issued \(summary.subject), is not a trusted CA")
    }

    /// NIOSSL's handshake errors as readable text (BoringSSL's reason strings, not the whole struct dump).
    private static func describe(_ error: any Error) -> String {
        if let sslError = error as? NIOSSLError, case .handshakeFailed(let boring) = sslError {
            switch boring {
            case .sslError(let stack), .unknownError(let stack):
                let reasons = stack.map { "\($0)" }.joined(separator: "; ")
                return reasons.isEmpty ? "\(boring)" : reasons
            default:
                return "\(boring)"
            }
        }
        return "\(error)"
    }
}

extension TLSError {
    /// The refusal for bytes that followed the 220 to STARTTLS.
    static func plaintextInjection(byteCount: Int, excerpt: [UInt8]) -> TLSError {
        let shown = excerpt.map { byte -> String in
            switch byte {
            case 0x20...0x7E: return String(Unicode.Scalar(byte))
            case 0x0D: return "\\r"
            case 0x0A: return "\\n"
            default: return "\\x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
            }
        }.joined()
        let more = byteCount > excerpt.count ? "…" : ""
        return TLSError(
            kind: .plaintextInjection,
            message: "the server sent \(byteCount) byte(s) after its 220 reply to STARTTLS, before the TLS handshake "
                + "(\"\(shown)\(more)\"); they could be commands injected in plaintext (CVE-2011-0411 class), "
                + "so TLS was not started and the connection was closed",
            suggestion: "a man-in-the-middle or a broken server sent them; do not trust this path")
    }
}

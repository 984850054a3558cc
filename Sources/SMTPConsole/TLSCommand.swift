import Glibc
import SMTPCore
import SMTPTransport
import SystemIO

/// `/tls` and `/tls save FILE`: the TLS session's details, and its certificate chain
/// written as PEM.
struct TLSCommand {
    let loop: ConsoleLoop

    /// Runs `/tls` with `arguments` (nothing, or `save FILE`).
    func run(_ arguments: String, style: Style) -> [String] {
        let words = arguments.split(separator: " ", maxSplits: 1).map(String.init)
        switch words.first {
        case nil:
            return details()
        case "save" where words.count == 2:
            do throws(CertificateSaveError) {
                return [style.hint(try saveChain(to: words[1]))]
            } catch {
                return [style.error(error.description)]
            }
        default:
            return [style.error("usage: /tls  or  /tls save FILE")]
        }
    }

    /// `/tls save FILE`: the peer's chain as PEM, leaf first, as the handshake saw it.
    ///
    /// A verified chain runs up to the trusted root, so `openssl verify -CAfile ROOT FILE`
    /// checks the server's certificate (`-untrusted FILE` too when there are intermediates).
    /// Returns what was saved, in a sentence.
    func saveChain(to path: String) throws(CertificateSaveError) -> String {
        guard let info = loop.machine.tls, loop.machine.isConnected else { throw .noTLS }
        guard !info.certificates.isEmpty, info.certificates.allSatisfy({ !$0.der.isEmpty }) else { throw .notKept }
        let bytes = Array(info.certificates.map(\.pem).joined().utf8)
        let expanded = PathCompletion.expandingTilde(path)
        let fd = open(expanded, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        if let failure = writeAll(fd, bytes) { throw .cannotWrite(path: path, reason: String(cString: strerror(failure))) }
        let count = info.certificates.count == 1 ? "1 certificate" : "\(info.certificates.count) certificates"
        return "saved \(count) (the server's first) to \(path) as PEM"
    }

    /// The lines of `/tls`: protocol, cipher, SNI, ALPN, verification and the whole chain.
    func details() -> [String] {
        guard let info = loop.machine.tls, loop.machine.isConnected else {
            return [
                "No TLS on this connection. STARTTLS (or /starttls) starts it when the server offers it; --tls "
                    + "connects with TLS from the first byte."
            ]
        }
        let noSNIReason = loop.configuration.tlsSettings.sni == .none ? "none (--no-sni)" : "none (connected by address)"
        var lines = [
            "Protocol:     \(info.protocolVersion)",
            "Cipher:       \(info.cipherSuite ?? "unknown")",
            "Group:        \(info.group ?? "unknown")",
            "Resumed:      \(info.resumed.map { $0 ? "yes (an earlier session)" : "no (a full handshake)" } ?? "unknown")",
            "SNI sent:     \(info.serverNameSent ?? noSNIReason)",
            "ALPN:         \(info.alpn ?? "none")",
        ]
        switch info.verification {
        case .verified(let name): lines.append("Verified:     yes" + (name.map { ", name \($0)" } ?? ""))
        case .skipped(let problem):
            lines.append("Verified:     NO (--insecure)" + (problem.map { "; a check would have found: \($0)" } ?? ""))
        case .checked(let acceptance, let problem):
            lines.append("Verified:     \(acceptance.authenticated ? "yes" : "NO"), \(acceptance.description) (--dane)")
            lines.append("Web PKI:      " + (problem.map { "would refuse it: \($0)" } ?? "would accept the chain (the name not checked)"))
        }
        for (index, certificate) in info.certificates.enumerated() {
            lines.append("Certificate \(index)" + (index == 0 ? " (server)" : ""))
            lines.append("  Subject:    \(certificate.subject)")
            lines.append("  Issuer:     \(certificate.issuer)")
            if !certificate.subjectAlternativeNames.isEmpty {
                lines.append("  Names:      \(certificate.subjectAlternativeNames.joined(separator: ", "))")
            }
            lines.append(
                "  Valid:      \(CertificateSummary.format(certificate.notBefore)) to \(CertificateSummary.format(certificate.notAfter))"
            )
            lines.append("  SHA-256:    \(certificate.sha256Fingerprint)")
        }
        // Subjects, issuers and names come from the server's certificate.
        return lines.map(VisibleText.escape)
    }
}

extension MetaCommands {
    /// `/tls` and `/tls save FILE` (``TLSCommand``).
    static let tls = MetaCommand(
        name: "tls", usage: "/tls [save FILE]", summary: "TLS details: protocol, cipher, group, the certificate chain",
        details:
            "Shows the protocol version, cipher suite, key-exchange group, whether the session was resumed, "
            + "the SNI name sent, ALPN, whether the certificate was verified, and every certificate with "
            + "subject, issuer, names, validity and SHA-256 fingerprint. /tls save FILE writes the chain "
            + "as PEM, the server's certificate first (openssl verify -CAfile ROOT FILE checks it).",
        run: { context, args in
            context.output.write(lines: TLSCommand(loop: context.loop).run(args, style: context.style))
            return .proceed
        })
}

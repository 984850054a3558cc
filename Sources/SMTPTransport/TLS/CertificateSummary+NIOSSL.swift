import Crypto
import NIOSSL

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension CertificateSummary {
    /// The summary of a certificate NIOSSL parsed.
    init(_ certificate: NIOSSLCertificate) {
        let der = (try? certificate.toDERBytes()) ?? []
        self.init(
            subject: Self.distinguishedName(certificate.subjectName),
            issuer: Self.distinguishedName(certificate.issuerName),
            subjectAlternativeNames: Self.alternativeNames(of: certificate),
            notBefore: Date(timeIntervalSince1970: TimeInterval(certificate.notValidBefore)),
            notAfter: Date(timeIntervalSince1970: TimeInterval(certificate.notValidAfter)), der: der)
    }

    /// SHA-256 of `der` as `AB:CD:…`, the form `openssl x509 -fingerprint -sha256` prints.
    static func fingerprint(_ der: [UInt8]) -> String {
        SHA256.hash(data: der).map { byte in
            (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
        }.joined(separator: ":")
    }

    /// `CN=mail.example, O=Example`: the attributes NIOSSL names, in the order the certificate lists them.
    private static func distinguishedName(_ parts: [SSLCertificateName]) -> String {
        let known: [(SSLCertificateNameType, String)] = [
            (.commonName, "CN"), (.organization, "O"), (.organizationalUnit, "OU"), (.city, "L"),
            (.state, "ST"), (.country, "C"), (.emailAddress, "emailAddress"), (.userId, "UID"),
        ]
        let rendered = parts.compactMap { part -> String? in
            guard let label = known.first(where: { $0.0 == part.type })?.1 else { return nil }
            return "\(label)=\(part.value)"
        }
        return rendered.isEmpty ? "(empty name)" : rendered.joined(separator: ", ")
    }

    /// The DNS names of subjectAltName only (for the server-name check). Each name's bytes
    /// are copied to an array first: decoding NIOSSL's own collection made the runtime ask
    /// whether it is contiguous, a scan of every conformance record in every TLS session.
    static func dnsNames(of certificate: NIOSSLCertificate) -> [String] {
        certificate._subjectAlternativeNames().compactMap { name in
            name.nameType == .dnsName ? String(decoding: Array(name.contents), as: UTF8.self) : nil
        }
    }

    /// The most significant (last) common name of the subject.
    static func commonName(of certificate: NIOSSLCertificate) -> String? {
        certificate.subjectName.last { $0.type == .commonName }?.value
    }

    /// An IPv4 or IPv6 address from its 4 or 16 bytes, in the usual text form.
    private static func numericAddress(_ bytes: [UInt8]) -> String? {
        let family: Int32
        switch bytes.count {
        case 4: family = AF_INET
        case 16: family = AF_INET6
        default: return nil
        }
        var text = [CChar](repeating: 0, count: 64)
        guard inet_ntop(family, bytes, &text, socklen_t(text.count)) != nil else { return nil }
        return text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// DNS names and IP addresses from subjectAltName.
    ///
    /// The name's bytes are made an array first: decoded from NIOSSL's own collection, the
    /// string asked the runtime at run time whether it is contiguous, and the first such
    /// question cost a scan of every conformance record just after the handshake.
    private static func alternativeNames(of certificate: NIOSSLCertificate) -> [String] {
        certificate._subjectAlternativeNames().compactMap { name in
            switch name.nameType {
            case .dnsName: return String(decoding: Array(name.contents), as: UTF8.self)
            case .ipAddress: return numericAddress(Array(name.contents))
            default: return nil
            }
        }
    }
}

extension CertificateSummary {
    /// Whether this certificate is for `host`: its subjectAltName DNS names or, without any,
    /// its common name, a wildcard standing for one whole left-most label (RFC 6125 §6.4).
    public func names(_ host: String) -> Bool {
        guard let certificate = try? NIOSSLCertificate(bytes: der, format: .der) else { return false }
        return ServerNameCheck.matches(
            name: host, dnsNames: Self.dnsNames(of: certificate), commonName: Self.commonName(of: certificate))
    }
}

import ArgumentParser
import NIOCore
import SMTPConsole
import SMTPTransport

/// The connection options that are more than a value: the PROXY header and the TLS versions and ciphers.
extension ConsoleOptions {
    /// The PROXY header the `--proxy-*` options describe, if any.
    func proxyHeader() throws -> ProxyHeader? {
        guard let proxyProtocol else {
            if proxySource != nil || proxyDest != nil || !proxyTLV.isEmpty {
                throw ValidationError("--proxy-source, --proxy-dest and --proxy-tlv go with --proxy-protocol v1|v2.")
            }
            return nil
        }
        guard let version = ProxyHeader.Version(rawValue: proxyProtocol.lowercased()) else {
            throw ValidationError("--proxy-protocol must be v1 or v2, not '\(proxyProtocol)'.")
        }
        if version == .v1, !proxyTLV.isEmpty { throw ValidationError("--proxy-tlv needs --proxy-protocol v2 (v1 has no TLVs).") }
        var claimed = ProxyHeader(version: version)
        for (text, option) in [(proxySource, "--proxy-source"), (proxyDest, "--proxy-dest")] {
            guard let text else { continue }
            switch ConnectOptions.address(text, option: option) {
            case .success(let address):
                if option == "--proxy-source" { claimed.source = address } else { claimed.destination = address }
            case .failure(let error): throw ValidationError(error.message)
            }
        }
        let tlvs = try proxyTLV.map { text in
            switch ProxyHeader.TLV.parse(text) {
            case .success(let tlv): return tlv
            case .failure(let error): throw ValidationError(error.message)
            }
        }
        claimed.tlvs = tlvs
        return claimed
    }

    /// `--tls-min` or `--tls-max` as a version, or the usage error.
    func tlsVersion(_ text: String?, option: String) throws -> TLSProtocolVersion? {
        guard let text else { return nil }
        guard let version = TLSProtocolVersion(rawValue: text.hasPrefix("TLSv") ? String(text.dropFirst(4)) : text) else {
            throw ValidationError("\(option) must be 1.2 or 1.3, not '\(text)' (older versions are not offered at all).")
        }
        return version
    }

    /// The TLS options that must agree with each other.
    func validateTLS() throws {
        let minimum = try tlsVersion(tlsMin, option: "--tls-min")
        let maximum = try tlsVersion(tlsMax, option: "--tls-max")
        if let minimum, let maximum, maximum < minimum {
            throw ValidationError("--tls-min \(minimum.rawValue) is above --tls-max \(maximum.rawValue): no version is left.")
        }
        if let tlsCiphers, let problem = TLSSettings.cipherListProblem(tlsCiphers) { throw ValidationError(problem) }
        if sni != nil && noSNI { throw ValidationError("--sni NAME and --no-sni exclude each other.") }
    }

    /// `--dane`: a server reached over TCP by a name TLSA records can be looked up for, and
    /// TLS verified by nothing else.
    func validateDANE(host: String?, port: String?) throws {
        if tls { throw ValidationError("--dane verifies the STARTTLS handshake by TLSA records; give it without --tls.") }
        if insecure { throw ValidationError("--dane verifies the certificate by TLSA records; --insecure verifies nothing.") }
        if unix != nil { throw ValidationError("--dane is for a server reached over TCP by name; a unix socket has no TLSA records.") }
        guard let host else {
            if mx == nil { throw ValidationError("--dane needs a server reached by name: HOST or --mx DOMAIN.") }
            return
        }
        let spec = try? HostSpec(host, port: port, defaultPort: 25)
        if servername == nil, let spec, (try? SocketAddress(ipAddress: spec.host, port: 0)) != nil {
            throw ValidationError("--dane looks TLSA records up by name: with an address, give --servername NAME.")
        }
    }
}

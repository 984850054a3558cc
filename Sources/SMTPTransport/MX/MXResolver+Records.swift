/// The records beside the MX that `smtpc check` reads: TXT for MTA-STS and TLS-RPT, TLSA for DANE.
extension MXResolver {
    /// The TXT records of `name`, each record's strings joined into one (RFC 8461 §3.1, RFC 8460 §3).
    ///
    /// Bytes that are not UTF-8 become U+FFFD, so a record's text can be shown safely.
    /// - Throws: ``MXError`` when `name` is not a DNS name or the server cannot answer.
    public func textRecords(_ name: String) async throws(MXError) -> DNSAnswer<String> {
        try await records(name, .txt) { data in
            guard case .txt(let strings) = data else { return nil }
            return String(decoding: strings.joined(), as: UTF8.self)
        }
    }

    /// The data of the TLSA records at `name`, for example `_25._tcp.mx.example.com` (RFC 6698 §3).
    /// - Throws: ``MXError`` when `name` is not a DNS name or the server cannot answer.
    public func tlsaRecords(_ name: String) async throws(MXError) -> DNSAnswer<[UInt8]> {
        try await records(name, .tlsa) { data in
            guard case .tlsa(let bytes) = data else { return nil }
            return bytes
        }
    }

    /// The addresses of the host `name`, IPv4 then IPv6, with the weaker DNSSEC status of the
    /// two answers (a host's TLSA records count only when its addresses are secure, RFC 7672
    /// §2.2.2).
    /// - Throws: ``MXError``: `.unknownDomain` for NXDOMAIN, or as ``textRecords(_:)``.
    public func addressRecords(_ name: String) async throws(MXError) -> DNSAnswer<String> {
        let (values, status) = try await addresses(of: try dnsName(name))
        return DNSAnswer(values: values, status: status, nameExists: true)
    }

    /// The values of `name`'s `type` records; NXDOMAIN is an answer without values.
    private func records<Value>(
        _ text: String, _ type: DNSRecordType, value: (DNSRecordData) -> Value?
    ) async throws(MXError) -> DNSAnswer<Value> {
        let name = try dnsName(text)
        let (response, status) = try await ask(name, type)
        if response.responseCode == .nameError {
            return DNSAnswer(values: [], status: status, nameExists: false)
        }
        try requireSuccess(response, name: name, type: type)
        let values = response.records(of: type, for: name).compactMap { value($0.data) }
        return DNSAnswer(values: values, status: status, nameExists: true)
    }

    /// `text` as a DNS name to ask about.
    func dnsName(_ text: String) throws(MXError) -> DNSName {
        do {
            return try DNSName(parsing: text)
        } catch {
            throw MXError(kind: .invalidDomain, domain: text, message: "cannot look up \"\(text)\": \(error.reason)")
        }
    }
}

import SMTPTransport

/// The findings of a check, from the DNS answers down to each session, in that order.
struct CheckFindings {
    let domain: String
    let port: Int
    let mx: MXLookupResult
    let hosts: [HostReport]
    let mtaSTS: MTASTSReport?
    let tlsRPT: Result<TLSRPTRecord, TXTRecordProblem>?

    var all: [Finding] { dns + hosts.flatMap(host) + policies }

    private var dns: [Finding] {
        var found: [Finding] = []
        if mx.status == .bogus {
            found.append(
                Finding(
                    .failure, .dnssecInvalid, "the MX records of \(domain) do not validate under DNSSEC (bogus)",
                    advice: "re-sign the zone, or fix the DS record at its parent so that it matches the zone's key"))
        }
        if mx.acceptsNoMail {
            found.append(
                Finding(
                    .note, nil, "\(domain) publishes a null MX (0 .): it accepts no mail (RFC 7505)",
                    advice: "remove the null MX and publish MX records if the domain should receive mail"))
        }
        return found
    }

    private func host(_ report: HostReport) -> [Finding] {
        let name = report.host.name
        var found: [Finding] = []
        if let problem = report.host.problem {
            found.append(
                Finding(
                    .warning, nil, host: name, "\(name) has no address: \(problem)",
                    advice: "publish an A or AAAA record for \(name), or remove its MX record"))
        }
        if report.host.addressStatus == .bogus {
            found.append(
                Finding(
                    .failure, .dnssecInvalid, host: name, "the addresses of \(name) do not validate under DNSSEC (bogus)",
                    advice: "re-sign the zone of \(name), or fix its DS record"))
        }
        return found + report.addresses.flatMap { address($0, host: name) }
    }

    private func address(_ report: AddressReport, host: String) -> [Finding] {
        let probe = report.probe
        let address = probe.address
        var found: [Finding] = []
        if let failure = probe.failure, [.connect, .greeting, .ehlo].contains(failure.phase) {
            found.append(
                Finding(
                    .failure, nil, host: host, address: address, "\(failure.phase.label): \(failure.message)",
                    advice: "make sure \(host) (\(address)) answers SMTP on port \(port)"))
        } else if !probe.startTLSOffered {
            found.append(
                Finding(
                    .warning, .starttlsNotSupported, host: host, address: address, "\(host) does not offer STARTTLS",
                    advice: "configure a certificate and enable STARTTLS on \(host)"))
        } else if let failure = probe.failure {
            found.append(
                Finding(
                    .warning, .validationFailure, host: host, address: address, "\(failure.phase.label): \(failure.message)",
                    advice: "check the TLS configuration of \(host): its certificate, key and protocol versions"))
        }
        found += dane(report.dane, host: host, address: address)
        switch report.mtaSTS {
        case .failure(let findings)?:
            found += findings.map { mtaSTS($0, level: .failure, host: host, address: address) }
        case .warning(let findings)?:
            found += findings.map { mtaSTS($0, level: .warning, host: host, address: address) }
        case .pass?, nil:
            break
        }
        return found
    }

    private func dane(_ outcome: DANEOutcome, host: String, address: String) -> [Finding] {
        switch outcome {
        case .notApplicable(let reason):
            guard reason != "no TLSA records" else { return [] }
            return [Finding(.note, nil, host: host, address: address, "DANE: \(reason)", advice: "sign the zone to use DANE")]
        case .matched(let match):
            return [
                Finding(
                    .note, nil, host: host, address: address,
                    "DANE: TLSA \(match.record.usage.rawValue) \(match.record.selector.rawValue) \(match.record.matchingType.rawValue) "
                        + "matched at depth \(match.depth)",
                    advice: "nothing to do")
            ]
        case .unusableRecords(let reason):
            return [
                Finding(
                    .warning, .tlsaInvalid, host: host, address: address, "DANE: \(reason)",
                    advice: "publish DANE-EE(3) or DANE-TA(2) records; PKIX usages are not used for SMTP")
            ]
        case .failed(let type, let reason):
            return [Finding(.failure, type, host: host, address: address, "DANE: \(reason)", advice: advice(for: type))]
        }
    }

    private func mtaSTS(_ finding: MTASTSFinding, level: FindingLevel, host: String, address: String) -> Finding {
        let message: String
        switch finding {
        case .noPatternMatch: message = "MTA-STS: \(host) matches none of the policy's mx patterns"
        case .noSTARTTLS: message = "MTA-STS: \(host) did not complete STARTTLS"
        case .certificateInvalid(let type): message = "MTA-STS: the certificate of \(host) fails the Web PKI check (\(type.name))"
        }
        let advice =
            finding == .noPatternMatch
            ? "add \(host) to the policy's mx lines, or remove it from the MX records" : advice(for: finding.resultType)
        return Finding(level, finding.resultType, host: host, address: address, message, advice: advice)
    }

    private var policies: [Finding] {
        var found: [Finding] = []
        if let mtaSTS, let problem = mtaSTS.problem {
            // A record problem leaves the domain without a policy (a warning); a policy that cannot
            // be had or read fails; a policy not fetched at all is only noted.
            let recordProblem = mtaSTS.id == nil
            let level: FindingLevel = mtaSTS.problemType != nil ? .failure : recordProblem ? .warning : .note
            found.append(
                Finding(
                    level, mtaSTS.problemType ?? (recordProblem ? .stsPolicyInvalid : nil), "MTA-STS: \(problem)",
                    advice: mtaSTS.problemType.map(advice(for:))
                        ?? "publish exactly one _mta-sts TXT record: v=STSv1; id=… (letters and digits)"))
        }
        switch tlsRPT {
        case nil:
            found.append(
                Finding(
                    .note, nil, "no TLS-RPT record (_smtp._tls.\(domain)): senders cannot report TLS failures to you",
                    advice: "publish v=TLSRPTv1; rua=mailto:… at _smtp._tls.\(domain)"))
        case .failure(let problem)?:
            found.append(
                Finding(
                    .warning, nil, "TLS-RPT: _smtp._tls.\(domain): \(problem.description)",
                    advice: "publish exactly one record: v=TLSRPTv1; rua=mailto:…"))
        case .success?:
            break
        }
        return found
    }

    /// What to fix, for each result type.
    func advice(for type: TLSResultType) -> String {
        switch type {
        case .starttlsNotSupported: "enable STARTTLS with a valid certificate on the host"
        case .certificateHostMismatch: "use a certificate whose subjectAltName lists the MX host's name"
        case .certificateExpired: "renew the certificate"
        case .certificateNotTrusted: "serve the whole chain, issued by a CA that senders trust"
        case .validationFailure: "check the host's TLS configuration"
        case .tlsaInvalid: "publish TLSA records that match the certificate (and its key) the host serves"
        case .dnssecInvalid: "fix the zone's DNSSEC signatures or its DS record at the parent"
        case .daneRequired: "publish DNSSEC-signed TLSA records for the host"
        case .stsPolicyFetchError: "serve the policy at https://mta-sts.\(domain)/.well-known/mta-sts.txt with status 200, no redirect"
        case .stsPolicyInvalid: "fix the policy file: version, mode, mx and max_age lines"
        case .stsWebPKIInvalid: "give the mta-sts host a certificate valid for its name from a trusted CA"
        }
    }
}

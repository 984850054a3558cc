import SMTPCheck
import SMTPCore
import SMTPTransport

/// `/dane`: the TLSA records of the host connected to, at its port, with their DNSSEC
/// status, and whether the TLS session's chain matches them (which record, at what depth)
/// or why not, by the rules `smtpc check` uses (``DANEOutcome``).
struct DANECommand {
    let loop: ConsoleLoop

    func run(_ arguments: String, style: Style) -> [String] {
        guard arguments.isEmpty else { return [style.error("usage: /dane")] }
        switch loop.serverName() {
        case .failure(let why):
            return [style.error("smtpc: /dane: \(why)")]
        case .success(let (host, port)):
            switch loop.lookUpDANE(host: host, port: port) {
            case .failure(let error):
                return [style.error("smtpc: /dane: \(VisibleText.escape("\(error)"))")]
            case .success(let lookup):
                let tls = loop.machine.session.isTLSActive ? loop.machine.tls : nil
                let report = DANEReport(lookup: lookup)
                return report.recordLines + report.verdictLines(tls: tls, style: style)
            }
        }
    }
}

extension MetaCommands {
    /// `/dane` (``DANECommand``).
    static let dane = MetaCommand(
        name: "dane", usage: "/dane", summary: "the host's TLSA records (DANE) and whether the TLS chain matches them",
        details:
            "Looks up the TLSA records at _PORT._tcp.HOST for the host connected to (with --mx the MX host; --servername "
            + "when given) and the host's addresses, with DNSSEC, from --dns-server or the system's resolver, and shows "
            + "each record with its DNSSEC status. In TLS, says whether the chain the server sent matches them as RFC 7672 "
            + "wants: which record, at what depth (0 is the server's certificate), or why not; DANE-TA also checks the "
            + "chain up to the anchor and the name. Records from an unsigned zone are shown and ignored. --dane makes "
            + "these records the condition of the session.",
        run: { context, args in
            context.output.write(lines: DANECommand(loop: context.loop).run(args, style: context.style))
            return .proceed
        })
}

/// The lines `/dane` and `--dane` show of a ``DANELookup``; everything from the network
/// (names, subjects) made visible-safe.
struct DANEReport {
    let lookup: DANELookup

    /// The TLSA answer with its status, each record explained, and the host's addresses.
    var recordLines: [String] {
        var lines: [String] = []
        let owner = VisibleText.escape(lookup.owner)
        if let tlsa = lookup.tlsa {
            let count = tlsa.values.count == 1 ? "1 TLSA record" : "\(tlsa.values.count) TLSA records"
            let status = tlsa.status.map { "DNSSEC \($0)" } ?? "DNSSEC not asked"
            lines.append("\(owner): \(tlsa.values.isEmpty ? "no TLSA records" : count), \(status) (DNS server \(lookup.server))")
            for (index, value) in tlsa.values.enumerated() {
                lines.append("  \(index + 1). " + Self.explain(value))
            }
        } else {
            lines.append("\(owner): the lookup failed: \(VisibleText.escape(lookup.tlsaError ?? "no answer"))")
        }
        let host = VisibleText.escape(lookup.host)
        if let addresses = lookup.addresses {
            let status = addresses.status.map { "DNSSEC \($0)" } ?? "DNSSEC not asked"
            lines.append("addresses of \(host): \(addresses.values.joined(separator: ", ")), \(status)")
        } else {
            lines.append("addresses of \(host): the lookup failed: \(VisibleText.escape(lookup.addressError ?? "no answer"))")
        }
        return lines
    }

    /// One record: its presentation form and what its numbers mean, or why it is not used.
    static func explain(_ rdata: [UInt8]) -> String {
        guard let record = try? TLSARecord(rdata: rdata) else { return "unreadable (\(rdata.count) bytes)" }
        let meaning = "\(record.usageName) \(record.selectorName) \(record.matchingTypeName)"
        guard let unusable = record.unusable else { return "\(record.presentation)  (\(meaning))" }
        let why =
            switch unusable {
            case .pkixUsage: "PKIX usages are not used for SMTP (RFC 7672 §3.1.3)"
            case .unassignedUsage: "an unassigned usage"
            case .unassignedSelector: "an unassigned selector"
            case .unassignedMatchingType: "an unassigned matching type"
            case .wrongDigestLength(let expected): "its data is not \(expected) bytes long"
            }
        return "\(record.presentation)  (\(meaning); unusable: \(why))"
    }

    /// The chain and the verdict on it; without a TLS session, what the records require.
    func verdictLines(tls: TLSInfo?, style: Style) -> [String] {
        guard let tls else {
            switch lookup.dnsVerdict {
            case nil:
                return [
                    "DANE: TLS is required (DNSSEC-secure TLSA records). There is no TLS on this connection yet: STARTTLS "
                        + "(or /starttls) starts it, then /dane says whether the chain matches."
                ]
            case let verdict?:
                return [line(for: verdict, style: style)]
            }
        }
        var lines = ["the certificate chain:"]
        for (depth, certificate) in tls.certificates.enumerated() {
            lines.append("  depth \(depth): \(VisibleText.escape(certificate.subject))")
        }
        if let leaf = tls.certificates.first, let own = try? TLSARecord.daneEE(matching: leaf.der) {
            lines.append("  the server's key as a DANE-EE record: \(own.presentation)")
        }
        lines.append(line(for: lookup.evaluate(tls), style: style))
        return lines
    }

    private func line(for outcome: DANEOutcome, style: Style) -> String {
        let host = VisibleText.escape(lookup.host)
        switch outcome {
        case .matched(let match):
            let position = lookup.records.firstIndex(of: match.record).map { "record \($0 + 1), " } ?? ""
            let name = match.depth > 0 ? "; the server's certificate names \(host)" : ""
            return style.reply("DANE: match", code: 250) + " — \(position)\(match.summary)\(name)"
        case .unusableRecords(let why):
            return style.warning("DANE: TLS required, not authenticated") + " — \(VisibleText.escape(why))"
        case .notApplicable(let why):
            return style.hint("DANE: does not apply") + " — \(VisibleText.escape(why))"
        case .failed(let type, let why):
            return style.error("DANE: FAIL \(type.name)") + " — \(VisibleText.escape(why))"
        }
    }
}

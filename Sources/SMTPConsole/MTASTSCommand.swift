import SMTPCheck
import SMTPCore
import SMTPTransport

/// `/mta-sts [DOMAIN]`: the domain's MTA-STS policy (RFC 8461) and whether the host connected
/// to satisfies it, by the functions `smtpc check` uses (``DomainCheck/mtaSTSReport()``,
/// ``MTASTSPolicy/findings(mxHost:offeredSTARTTLS:certificateProblem:)``).
struct MTASTSCommand {
    let loop: ConsoleLoop

    func run(_ arguments: String, style: Style) -> [String] {
        let words = arguments.split(separator: " ").map(String.init)
        guard words.count <= 1 else { return [style.error("usage: /mta-sts [DOMAIN]")] }
        let host = try? loop.serverName().get()
        let domain: String
        var lines: [String] = []
        if let given = words.first {
            domain = given
        } else if case .mx(let mxDomain, _) = loop.machine.target {
            domain = mxDomain
            lines.append("(the --mx domain, \(VisibleText.escape(domain)), assumed; /mta-sts DOMAIN asks another)")
        } else if let host, let dot = host.host.firstIndex(of: "."), host.host[dot...].dropFirst().contains(".") {
            domain = String(host.host[dot...].dropFirst())
            lines.append(
                "(\(VisibleText.escape(domain)), the host name without its first label, assumed; /mta-sts DOMAIN asks another)")
        } else {
            return [style.error("usage: /mta-sts DOMAIN (there is no host name to take the domain from)")]
        }
        switch loop.wait(for: { [configuration = loop.configuration] in try await Self.report(domain, configuration) }) {
        case .failure(let error):
            return [style.error("smtpc: /mta-sts: \(VisibleText.escape("\(error)"))")]
        case .success(let report):
            return lines + policyLines(report, domain: domain) + hostLines(report?.policy, host: host?.host, style: style)
        }
    }

    /// `_mta-sts.DOMAIN` and the policy it announces, asked of `--dns-server` (or the system's
    /// resolver) and fetched from `https://mta-sts.DOMAIN/` as `smtpc check` fetches it
    /// (``MTASTSFetch``: the Web PKI or `--cafile`, no redirect).
    static func report(_ domain: String, _ configuration: ConsoleConfiguration) async throws -> MTASTSReport? {
        let resolver = try MXResolver(dnsServer: configuration.dnsServer, dnssec: true, group: ConnectionOpener.group)
        let fetch = MTASTSFetch(resolver: resolver, caFile: configuration.tlsSettings.caFile, timeout: configuration.connectTimeout)
        let check = DomainCheck(
            domain: domain, port: 25, resolver: resolver, helloName: { "" }, caFile: configuration.tlsSettings.caFile,
            timeout: configuration.connectTimeout, concurrency: 1, fetchPolicy: { await fetch.policy(for: $0) })
        return await check.mtaSTSReport()
    }

    /// The record and the policy, or why there is none.
    private func policyLines(_ report: MTASTSReport?, domain: String) -> [String] {
        let name = VisibleText.escape(domain)
        guard let report else { return ["_mta-sts.\(name): no v=STSv1 record: \(name) has no MTA-STS policy"] }
        var lines = ["_mta-sts.\(name): " + (report.id.map { "v=STSv1; id=\(VisibleText.escape($0))" } ?? "no usable record")]
        if let problem = report.problem {
            let type = report.problemType.map { " (\($0.name))" } ?? ""
            lines.append("policy: none\(type): \(VisibleText.escape(problem))")
        }
        guard let policy = report.policy else { return lines }
        lines.append("policy of https://mta-sts.\(name)/.well-known/mta-sts.txt:")
        lines.append("  mode:    \(policy.mode.rawValue)")
        for pattern in policy.mx { lines.append("  mx:      \(VisibleText.escape(pattern.text))") }
        lines.append("  max_age: \(policy.maxAge) s")
        return lines
    }

    /// Whether `host`, as this session found it, satisfies `policy`: its name against the
    /// patterns, STARTTLS, and the certificate by the Web PKI for that name.
    private func hostLines(_ policy: MTASTSPolicy?, host: String?, style: Style) -> [String] {
        guard let policy else { return [] }
        guard let host else { return ["(not connected to a host by name: nothing to match against the policy)"] }
        let name = VisibleText.escape(host)
        let machine = loop.machine
        let tls = machine.session.isTLSActive ? machine.tls : nil
        var lines = ["this host, \(name):"]
        lines.append(policy.allows(mxHost: host) ? "  mx:       matches a pattern" : "  mx:       matches none of the patterns")
        let offered: Bool
        if tls != nil {
            offered = true
            lines.append("  STARTTLS: done, TLS is on")
        } else if machine.session.extensions?.contains("STARTTLS") == true {
            lines.append("  STARTTLS: offered, not started: STARTTLS (or /starttls), then /mta-sts again checks the certificate")
            offered = true
        } else if machine.session.extensions == nil {
            lines.append("  STARTTLS: not known yet: send EHLO, then /mta-sts again")
            offered = true
        } else {
            lines.append("  STARTTLS: not offered")
            offered = false
        }
        let problem = tls?.webPKIProblem(host: host)
        if tls != nil {
            lines.append(
                "  Web PKI:  "
                    + (problem.map { "the certificate fails (\($0.name)): \($0.meaning)" } ?? "the certificate verifies for \(name)"))
        }
        let findings = policy.findings(mxHost: host, offeredSTARTTLS: offered, certificateProblem: problem)
        let verdict: String
        switch policy.outcome(for: findings) {
        case .pass: verdict = style.reply("MTA-STS: pass", code: 250) + (tls == nil && offered ? " so far (no TLS yet)" : "")
        case .warning(let found): verdict = style.warning("MTA-STS: warning (mode testing)") + " — " + describe(found)
        case .failure(let found): verdict = style.error("MTA-STS: FAIL (mode enforce)") + " — " + describe(found)
        }
        return lines + [verdict]
    }

    private func describe(_ findings: [MTASTSFinding]) -> String {
        findings.map { finding in
            switch finding {
            case .noPatternMatch: "the host matches none of the mx patterns (\(finding.resultType.name))"
            case .noSTARTTLS: "no STARTTLS (\(finding.resultType.name))"
            case .certificateInvalid(let type): "the certificate fails the Web PKI (\(type.name))"
            }
        }.joined(separator: "; ")
    }
}

extension MetaCommands {
    /// `/mta-sts [DOMAIN]` (``MTASTSCommand``).
    static let mtaSTS = MetaCommand(
        name: "mta-sts", usage: "/mta-sts [DOMAIN]", summary: "the domain's MTA-STS policy and whether this host satisfies it",
        details:
            "Reads _mta-sts.DOMAIN (from --dns-server or the system's resolver), fetches the policy from "
            + "https://mta-sts.DOMAIN/.well-known/mta-sts.txt as smtpc check does (Web PKI, or --cafile; no redirect), and "
            + "shows its mode, mx patterns and max_age. Then whether the host connected to satisfies it: its name against "
            + "the patterns, STARTTLS, and its certificate by the Web PKI for that name; enforce makes a finding a failure, "
            + "testing a warning. Without DOMAIN: the --mx domain, else the host name without its first label (said so).",
        run: { context, args in
            context.output.write(lines: MTASTSCommand(loop: context.loop).run(args, style: context.style))
            return .proceed
        })
}

import SMTPCheck
import SMTPCore
import SMTPTransport

/// `smtpc check`'s report for a terminal: a table, one row per host and address, then the verdicts.
///
/// Everything that came from the network (names, banners, messages) is made visible text first,
/// so no control sequence from a server or a DNS record reaches the terminal.
public struct CheckTable {
    let report: DomainReport
    let style: Style

    public init(report: DomainReport, style: Style) {
        self.report = report
        self.style = style
    }

    public var lines: [String] {
        heading + rows + [""] + verdicts
    }

    private var heading: [String] {
        let status = report.mx.status.map { ", DNSSEC \($0)" } ?? ""
        var lines = [style.event("smtpc check \(safe(report.domain)), port \(report.port)")]
        lines.append(contentsOf: report.mx.lines.map { safe($0) })
        lines[1] += " (\(Self.ms(report.mxDuration))\(status))"
        if let sts = report.mtaSTS {
            let policy = sts.policy.map { "mode \($0.mode.rawValue), max_age \($0.maxAge), mx \($0.mx.map(\.text).joined(separator: " "))" }
            lines.append("MTA-STS: id \(safe(sts.id ?? "none")); " + safe(policy ?? sts.problem ?? "no policy"))
        } else {
            lines.append("MTA-STS: no _mta-sts record")
        }
        if case .success(let rpt)? = report.tlsRPT {
            lines.append("TLS-RPT: reports go to " + safe(rpt.rua.map(\.text).joined(separator: ", ")))
        }
        return lines + [""]
    }

    private var rows: [String] {
        let phases = ProbePhase.allCases
        var table: [[String]] = [["MX", "ADDRESS"] + phases.map(\.label) + ["total", "TLS", "DANE"]]
        var details: [Int: [String]] = [:]
        for host in report.hosts {
            for address in host.addresses {
                let probe = address.probe
                let times = phases.map { phase in probe.durations[phase].map(Self.ms) ?? "-" }
                let tls = probe.tls.map { [$0.protocolVersion, $0.cipherSuite, $0.group].compactMap { $0 }.joined(separator: " ") }
                table.append(
                    ["\(host.host.preference) \(safe(host.host.name))", probe.address] + times
                        + [Self.ms(probe.total), tls ?? (probe.startTLSOffered ? "failed" : "none"), dane(address.dane)])
                details[table.count - 1] =
                    chain(probe) + (probe.failure.map { ["    stopped at \($0.phase.label): \(safe($0.message))"] } ?? [])
            }
        }
        let widths = table[0].indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        var lines: [String] = []
        for (index, row) in table.enumerated() {
            let line = row.enumerated().map { $1 + String(repeating: " ", count: widths[$0] - $1.count) }.joined(separator: "  ")
            lines.append(index == 0 ? style.event(line) : line)
            lines.append(contentsOf: details[index] ?? [])
        }
        return lines
    }

    private func chain(_ probe: ProbeResult) -> [String] {
        (probe.tls?.certificates ?? []).enumerated().map { depth, certificate in
            let names = certificate.subjectAlternativeNames
            let shown = names.prefix(4).joined(separator: " ") + (names.count > 4 ? " …" : "")
            return "    \(depth) \(safe(certificate.subject))" + (names.isEmpty ? "" : ", names \(safe(shown))")
                + ", expires \(CertificateSummary.format(certificate.notAfter))"
        }
    }

    private func dane(_ outcome: DANEOutcome) -> String {
        switch outcome {
        case .notApplicable: return "-"
        case .matched(let match):
            let record = match.record
            return "\(record.usage.rawValue) \(record.selector.rawValue) \(record.matchingType.rawValue) at depth \(match.depth)"
        case .unusableRecords: return "unusable"
        case .failed(let type, _): return type.name
        }
    }

    private var verdicts: [String] {
        var lines: [String] = []
        for finding in report.findings {
            let place = [finding.host, finding.address].compactMap { $0 }.joined(separator: " ")
            let head = [finding.type?.name, place.isEmpty ? nil : safe(place)].compactMap { $0 }.joined(separator: " ")
            let text = (head.isEmpty ? "" : head + ": ") + safe(finding.message)
            switch finding.level {
            case .failure: lines.append(style.error("FAIL ") + text)
            case .warning: lines.append(style.warning("WARN ") + text)
            case .note: lines.append(style.annotation("note ") + text)
            }
            if finding.level != .note { lines.append(style.hint("     fix: " + safe(finding.advice))) }
        }
        let failures = report.findings.filter { $0.level == .failure }.count
        let warnings = report.findings.filter { $0.level == .warning }.count
        let summary = "\(failures) \(failures == 1 ? "failure" : "failures"), \(warnings) \(warnings == 1 ? "warning" : "warnings")"
        let verdict = report.passed ? style.reply("PASS", code: 250) : style.error("FAIL")
        lines.append("\(verdict) \(safe(report.domain)): \(summary), \(Self.ms(report.total)) in all")
        return lines
    }

    private func safe(_ text: String) -> String { VisibleText.escape(text) }

    /// `12.3 ms`, one decimal.
    static func ms(_ duration: Duration) -> String {
        let tenths = (duration.milliseconds * 10).rounded()
        return "\(Int(tenths) / 10).\(Int(tenths) % 10) ms"
    }
}

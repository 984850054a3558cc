import SMTPCheck
import SMTPTransport

/// `smtpc check -o report.html`: the report as one self-contained page, in the style of
/// `smtpc render`: inline CSS, no script, a content security policy that forbids scripts
/// and remote content, every text from the network escaped. Each session has a bar whose
/// parts are its phases, on one scale for the whole page.
public struct CheckPage {
    let report: DomainReport

    public init(report: DomainReport) {
        self.report = report
    }

    public var text: String {
        let domain = HTML.escape(report.domain)
        let verdict = report.passed ? "<span class=\"pass\">PASS</span>" : "<span class=\"fail\">FAIL</span>"
        return HTML.document(
            title: "smtpc check · \(domain)", css: Self.css,
            body: """
                <h1>smtpc check <span class="file">\(domain)</span> \(verdict)</h1>
                <ul class="meta">\(summary.map { "<li>\(HTML.escape($0))</li>" }.joined())</ul>
                \(sessions)\(findings)<footer>Made by smtpc check. Each bar is one session, its parts the phases in order: \
                \(legend). Findings are named by the IANA STARTTLS Validation Result Types (RFC 8460).</footer>

                """)
    }

    private var summary: [String] {
        var lines = ["port \(report.port)", "\(CheckTable.ms(report.total)) in all"]
        lines.append(contentsOf: report.mx.lines.prefix(1).map { $0.hasSuffix(":") ? String($0.dropLast()) : $0 })
        if let status = report.mx.status { lines.append("MX answer: DNSSEC \(status)") }
        if let sts = report.mtaSTS {
            lines.append(sts.policy.map { "MTA-STS: mode \($0.mode.rawValue)" } ?? "MTA-STS: \(sts.problem ?? "no policy")")
        }
        if case .success(let rpt)? = report.tlsRPT { lines.append("TLS-RPT: " + rpt.rua.map(\.text).joined(separator: ", ")) }
        return lines
    }

    private var legend: String {
        ProbePhase.allCases.map { "<span class=\"key \($0.rawValue)\">\(HTML.escape($0.label))</span>" }.joined(separator: " ")
    }

    private var sessions: String {
        let all = report.hosts.flatMap { host in host.addresses.map { (host, $0) } }
        let longest = all.map { $0.1.probe.total.milliseconds }.max() ?? 0
        var out = "<table class=\"sessions\">\n<tr><th>MX</th><th>address</th><th>phases</th><th>TLS</th><th>DANE</th></tr>\n"
        for (host, address) in all {
            let probe = address.probe
            let tls = probe.tls.map { [$0.protocolVersion, $0.cipherSuite, $0.group].compactMap { $0 }.joined(separator: " ") }
            out += "<tr><td>\(host.host.preference) \(HTML.escape(host.host.name))</td><td>\(HTML.escape(probe.address))</td>"
            out += "<td>\(bar(probe, scale: longest))</td><td>\(HTML.escape(tls ?? (probe.failure?.message ?? "none")))</td>"
            out += "<td>\(HTML.escape(dane(address.dane)))</td></tr>\n"
        }
        return out + "</table>\n"
    }

    /// The phases as parts of one bar, each as wide as its share of the longest session.
    private func bar(_ probe: ProbeResult, scale: Double) -> String {
        var parts = ""
        for phase in ProbePhase.allCases {
            guard let duration = probe.durations[phase] else { continue }
            let ms = duration.milliseconds
            let width = scale > 0 ? max(0.3, ms / scale * 100) : 0
            let percent = (width * 10).rounded() / 10
            parts +=
                "<span class=\"part \(phase.rawValue)\" style=\"width:\(percent)%\" title=\"\(HTML.escape(phase.label)) "
                + "\(CheckTable.ms(duration))\"></span>"
        }
        return "<div class=\"bar\">\(parts)</div><span class=\"total\">\(CheckTable.ms(probe.total))</span>"
    }

    private func dane(_ outcome: DANEOutcome) -> String {
        switch outcome {
        case .notApplicable(let why): why
        case .matched(let match): "\(match.record.presentation.prefix(12))… matched at depth \(match.depth)"
        case .unusableRecords(let why): why
        case .failed(let type, let why): "\(type.name): \(why)"
        }
    }

    private var findings: String {
        var out = "<ul class=\"findings\">\n"
        for finding in report.findings {
            let place = [finding.host, finding.address].compactMap { $0 }.joined(separator: " ")
            out += "<li class=\"\(finding.level.rawValue)\"><span class=\"level\">\(finding.level.rawValue)</span>"
            if let type = finding.type { out += "<code>\(type.name)</code> " }
            if !place.isEmpty { out += "<span class=\"place\">\(HTML.escape(place))</span> " }
            out += HTML.escape(finding.message)
            if finding.level != .note { out += "<div class=\"advice\">fix: \(HTML.escape(finding.advice))</div>" }
            out += "</li>\n"
        }
        return out + "</ul>\n"
    }

    private static let css = """
        body{font:15px/1.45 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f;background:#fbfbfd}
        h1{font-size:1.4rem}h1 .file{font-weight:400;color:#555}
        .pass,.fail{font:700 13px ui-monospace,monospace;color:#fff;border-radius:4px;padding:.1rem .4rem;vertical-align:middle}
        .pass{background:#2e8540}.fail{background:#c0392b}
        .meta{list-style:none;padding:0;color:#555;display:flex;flex-wrap:wrap;gap:.3rem 1.4rem}
        table.sessions{border-collapse:collapse;width:100%;font-size:13.5px}
        th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e3e3e8;vertical-align:middle}
        td:nth-child(3){width:40%}
        .bar{display:inline-flex;width:85%;height:.9rem;background:#eee;border-radius:3px;overflow:hidden;vertical-align:middle}
        .part{display:block;height:100%}.total{font:12px ui-monospace,monospace;color:#555;margin-left:.4rem}
        .connect{background:#8e9ab8}.greeting{background:#6a3fa0}.ehlo{background:#1b7f9a}
        .starttls{background:#c98a00}.handshake{background:#2e8540}.ehlo-tls{background:#4a5a8a}
        .key{color:#fff;border-radius:3px;padding:0 .3rem;font-size:12px}
        ul.findings{list-style:none;padding:0}
        .findings li{margin:.35rem 0;padding:.4rem .6rem;border-radius:6px;background:#fff;border:1px solid #ddd}
        .findings li.failure{border-left:5px solid #c0392b}.findings li.warning{border-left:5px solid #c98a00}
        .findings li.note{border-left:5px solid #8e9ab8;color:#555}
        .level{font:700 11px ui-monospace,monospace;text-transform:uppercase;margin-right:.5rem}
        .place{color:#555}.advice{font-size:13px;color:#1b7f9a;margin-top:.2rem}
        code{font:13px ui-monospace,DejaVu Sans Mono,monospace}
        footer{margin-top:2rem;color:#777;font-size:12.5px}
        """
}

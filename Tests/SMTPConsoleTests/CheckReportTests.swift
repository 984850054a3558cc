import Testing

@testable import SMTPCheck
@testable import SMTPConsole
@testable import SMTPTransport

/// What `smtpc check` shows of hostile text from DNS and servers: text on the terminal (no
/// control sequence), text on the page (no markup), and the timing bars.
@Suite("smtpc check's table and page")
struct CheckReportTests {
    private static let hostileHost = "mx<script>alert(1)</script>.example"
    private static let hostileBanner = "\u{1B}]0;owned\u{07}\"><img src=x onerror=alert(2)>"

    private func report() -> DomainReport {
        var probe = ProbeResult(host: Self.hostileHost, address: "192.0.2.1", port: 25)
        probe.durations = [.connect: .milliseconds(3), .greeting: .milliseconds(40), .ehlo: .milliseconds(2)]
        probe.banner = Self.hostileBanner
        probe.failure = ProbeFailure(phase: .ehlo, message: "the server answered EHLO with 554 " + Self.hostileBanner)
        let host = MXHost(preference: 10, name: Self.hostileHost, addresses: ["192.0.2.1"], addressStatus: .insecure)
        let address = AddressReport(
            probe: probe, dane: .notApplicable("no TLSA records"), webPKIProblem: nil, mtaSTS: nil)
        let hostReport = HostReport(
            host: host, tlsaName: "_25._tcp.\(Self.hostileHost)", tlsa: nil, tlsaError: "x", addresses: [address],
            tlsaDuration: .zero)
        let finding = Finding(
            .failure, nil, host: Self.hostileHost, address: "192.0.2.1", probe.failure!.message, advice: "answer EHLO")
        return DomainReport(
            domain: "example.test", port: 25,
            mx: MXLookupResult(domain: "example.test", source: .mxRecords, hosts: [host], status: .insecure),
            mxDuration: .milliseconds(1), hosts: [hostReport], mtaSTS: nil, tlsRPT: nil, findings: [finding],
            total: .milliseconds(50))
    }

    @Test("the table carries no byte of a control sequence, and says FAIL with what to fix")
    func tableIsText() {
        let lines = CheckTable(report: report(), style: Style(enabled: false)).lines
        let text = lines.joined(separator: "\n")
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F })
        #expect(text.contains("FAIL example.test"))
        #expect(text.contains("fix: answer EHLO"))
        #expect(text.contains("stopped at EHLO"))
    }

    @Test("the page escapes every text from the network and forbids scripts by its policy")
    func pageIsEscaped() {
        let page = CheckPage(report: report()).text
        #expect(!page.contains("<script"))
        #expect(!page.contains("<img"))
        #expect(page.contains("mx&lt;script&gt;alert(1)&lt;/script&gt;.example"))
        #expect(page.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""))
    }

    @Test("each phase is a part of the bar, as wide as its share of the longest session")
    func bars() {
        let page = CheckPage(report: report()).text
        #expect(page.contains("class=\"part greeting\" style=\"width:88.9%\""))
        #expect(page.contains("class=\"part connect\" style=\"width:6.7%\""))
        #expect(!page.contains("class=\"part handshake\""), "a phase that did not run has no part")
    }
}

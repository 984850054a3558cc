import SMTPCheck
import SMTPTransport

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `smtpc check --json`: one object, described by docs/check-result.schema.json.
public enum CheckJSON {
    /// The report as JSON text, keys sorted.
    public static func encode(_ report: DomainReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let data = try? encoder.encode(Document(report)) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    struct Document: Encodable {
        let domain: String
        let port: Int
        let passed: Bool
        let totalMs: Double
        let mx: MX
        let hosts: [Host]
        let mtaSts: MTASTS?
        let tlsRpt: TLSRPT?
        let findings: [FindingJSON]

        init(_ report: DomainReport) {
            domain = report.domain
            port = report.port
            passed = report.passed
            totalMs = report.total.milliseconds
            let source: String
            switch report.mx.source {
            case .mxRecords: source = "mx-records"
            case .implicitMX: source = "implicit-mx"
            case .nullMX: source = "null-mx"
            }
            mx = MX(source: source, dnssec: report.mx.status?.rawValue, ms: report.mxDuration.milliseconds)
            hosts = report.hosts.map(Host.init)
            mtaSts = report.mtaSTS.map(MTASTS.init)
            switch report.tlsRPT {
            case .success(let record)?: tlsRpt = TLSRPT(rua: record.rua.map(\.text), problem: nil)
            case .failure(let problem)?: tlsRpt = TLSRPT(rua: [], problem: problem.description)
            case nil: tlsRpt = nil
            }
            findings = report.findings.map(FindingJSON.init)
        }
    }

    struct MX: Encodable {
        let source: String
        let dnssec: String?
        let ms: Double
    }

    struct Host: Encodable {
        let name: String
        let preference: Int
        let addresses: [String]
        let addressDnssec: String?
        let problem: String?
        let tlsa: TLSA
        let sessions: [Session]

        init(_ report: HostReport) {
            name = report.host.name
            preference = Int(report.host.preference)
            addresses = report.host.addresses
            addressDnssec = report.host.addressStatus?.rawValue
            problem = report.host.problem
            tlsa = TLSA(
                name: report.tlsaName, dnssec: report.tlsa?.status?.rawValue,
                records: (report.tlsa?.values ?? []).map { (try? TLSARecord(rdata: $0).presentation) ?? "unreadable" },
                error: report.tlsaError)
            sessions = report.addresses.map(Session.init)
        }
    }

    struct TLSA: Encodable {
        let name: String
        let dnssec: String?
        let records: [String]
        let error: String?
    }

    struct Session: Encodable {
        let address: String
        let phasesMs: [String: Double]
        let banner: String?
        let starttls: Bool
        let tls: TLS?
        let failure: Failure?
        let dane: DANE
        let webpki: String?
        let mtaSts: String?

        init(_ report: AddressReport) {
            let probe = report.probe
            address = probe.address
            phasesMs = Dictionary(uniqueKeysWithValues: probe.durations.map { ($0.key.rawValue, $0.value.milliseconds) })
            banner = probe.banner
            starttls = probe.startTLSOffered
            tls = probe.tls.map(TLS.init)
            failure = probe.failure.map { Failure(phase: $0.phase.rawValue, message: $0.message) }
            dane = DANE(report.dane)
            webpki = report.webPKIProblem?.name
            switch report.mtaSTS {
            case .pass?: mtaSts = "pass"
            case .warning?: mtaSts = "warning"
            case .failure?: mtaSts = "failure"
            case nil: mtaSts = nil
            }
        }
    }

    struct TLS: Encodable {
        let version: String
        let cipher: String?
        let group: String?
        let chain: [Certificate]

        init(_ info: TLSInfo) {
            version = info.protocolVersion
            cipher = info.cipherSuite
            group = info.group
            chain = info.certificates.map {
                Certificate(
                    subject: $0.subject, issuer: $0.issuer, names: $0.subjectAlternativeNames,
                    notAfter: CertificateSummary.format($0.notAfter), sha256: $0.sha256Fingerprint)
            }
        }
    }

    struct Certificate: Encodable {
        let subject: String
        let issuer: String
        let names: [String]
        let notAfter: String
        let sha256: String
    }

    struct Failure: Encodable {
        let phase: String
        let message: String
    }

    struct DANE: Encodable {
        let outcome: String
        let type: String?
        let detail: String?
        let record: String?
        let depth: Int?

        init(_ outcome: DANEOutcome) {
            switch outcome {
            case .notApplicable(let why): (self.outcome, type, detail, record, depth) = ("not-applicable", nil, why, nil, nil)
            case .matched(let match):
                (self.outcome, type, detail, record, depth) = ("matched", nil, nil, match.record.presentation, match.depth)
            case .unusableRecords(let why): (self.outcome, type, detail, record, depth) = ("unusable", nil, why, nil, nil)
            case .failed(let kind, let why): (self.outcome, type, detail, record, depth) = ("failed", kind.name, why, nil, nil)
            }
        }
    }

    struct MTASTS: Encodable {
        let id: String?
        let mode: String?
        let maxAge: Int?
        let mx: [String]
        let problem: String?
        let problemType: String?

        init(_ report: MTASTSReport) {
            id = report.id
            mode = report.policy?.mode.rawValue
            maxAge = report.policy?.maxAge
            mx = report.policy?.mx.map(\.text) ?? []
            problem = report.problem
            problemType = report.problemType?.name
        }
    }

    struct TLSRPT: Encodable {
        let rua: [String]
        let problem: String?
    }

    struct FindingJSON: Encodable {
        let level: String
        let type: String?
        let host: String?
        let address: String?
        let message: String
        let advice: String

        init(_ finding: Finding) {
            level = finding.level.rawValue
            type = finding.type?.name
            host = finding.host
            address = finding.address
            message = finding.message
            advice = finding.advice
        }
    }
}

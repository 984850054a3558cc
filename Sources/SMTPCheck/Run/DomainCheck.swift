import SMTPTransport

/// Why the MTA-STS policy could not be had: fetched from where, refused how.
public struct PolicyFetchFailure: Error, Sendable, Hashable {
    /// `sts-policy-fetch-error` or `sts-webpki-invalid`.
    public let type: TLSResultType
    public let message: String

    public init(type: TLSResultType, message: String) {
        self.type = type
        self.message = message
    }
}

/// `smtpc check DOMAIN`: the DNS answers, a session with every address of every MX host
/// (concurrently, at most ``concurrency`` at a time), and the verdicts of DANE and MTA-STS.
public struct DomainCheck: Sendable {
    public typealias PolicyFetcher = @Sendable (_ domain: String) async -> Result<String, PolicyFetchFailure>

    public let domain: String
    public let port: Int
    /// Asked with DNSSEC (``MXResolver/asksDNSSEC``).
    public let resolver: MXResolver
    /// The name given with EHLO, asked for once the MX hosts are known (the caller may still be working it out).
    public let helloName: @Sendable () -> String
    public let caFile: String?
    /// The most one session may take.
    public let timeout: Duration
    public let concurrency: Int
    /// Fetches `https://mta-sts.DOMAIN/.well-known/mta-sts.txt` (``MTASTSFetch``).
    public let fetchPolicy: PolicyFetcher

    public init(
        domain: String, port: Int, resolver: MXResolver, helloName: @escaping @Sendable () -> String, caFile: String?,
        timeout: Duration,
        concurrency: Int, fetchPolicy: @escaping PolicyFetcher
    ) {
        self.domain = domain
        self.port = port
        self.resolver = resolver
        self.helloName = helloName
        self.caFile = caFile
        self.timeout = timeout
        self.concurrency = max(1, concurrency)
        self.fetchPolicy = fetchPolicy
    }

    /// Runs the check; `progress` hears how many sessions are done of how many.
    /// - Throws: ``MXError`` when the domain's mail hosts cannot be looked up at all.
    public func run(progress: @escaping @Sendable (_ done: Int, _ total: Int) -> Void = { _, _ in }) async throws(MXError)
        -> DomainReport
    {
        let started = ContinuousClock.now
        // The policy records do not depend on the MX hosts: asked for while they are looked up.
        async let mtaSTS = mtaSTSReport()
        async let tlsRPT = tlsRPTRecord()
        let mx = try await resolver.lookup(domain: domain)
        let mxDuration = ContinuousClock.now - started
        let hello = helloName()
        let jobs = mx.hosts.flatMap { host in
            host.addresses.map {
                HostProbe(host: host.name, address: $0, port: port, helloName: hello, caFile: caFile, timeout: timeout)
            }
        }
        async let tlsa = tlsaAnswers(mx.hosts)
        let probes = await Self.runBounded(jobs, concurrency: concurrency, progress: progress)
        let policy = await mtaSTS
        let hosts = await tlsa.enumerated().map { index, answer in
            hostReport(mx.hosts[index], answer: answer, probes: probes.filter { $0.host == mx.hosts[index].name }, policy: policy?.policy)
        }
        let rpt = await tlsRPT
        let findings = CheckFindings(domain: domain, port: port, mx: mx, hosts: hosts, mtaSTS: policy, tlsRPT: rpt).all
        return DomainReport(
            domain: domain, port: port, mx: mx, mxDuration: mxDuration, hosts: hosts, mtaSTS: policy, tlsRPT: rpt,
            findings: findings, total: ContinuousClock.now - started)
    }

    private func hostReport(
        _ host: MXHost, answer: (DNSAnswer<[UInt8]>?, String?, Duration), probes: [ProbeResult], policy: MTASTSPolicy?
    ) -> HostReport {
        let addresses = probes.map { probe in
            let webPKI = probe.webPKIProblem()
            let sts = policy.map { policy in
                policy.outcome(
                    for: policy.findings(
                        mxHost: host.name, offeredSTARTTLS: probe.tls != nil, certificateProblem: webPKI))
            }
            let dane = DANEOutcome.evaluate(
                tlsa: answer.0, lookupError: answer.1, addressStatus: host.addressStatus, probe: probe)
            return AddressReport(probe: probe, dane: dane, webPKIProblem: webPKI, mtaSTS: sts)
        }
        return HostReport(
            host: host, tlsaName: tlsaName(host.name), tlsa: answer.0, tlsaError: answer.1, addresses: addresses,
            tlsaDuration: answer.2)
    }

    /// `_25._tcp.mx.example.com` (RFC 7672 §2.2.3: the port checked).
    public func tlsaName(_ host: String) -> String { TLSARecord.owner(host: host, port: port) }

    /// Each host's TLSA answer (or why there is none) and how long it took, in the hosts' order.
    private func tlsaAnswers(_ hosts: [MXHost]) async -> [(DNSAnswer<[UInt8]>?, String?, Duration)] {
        await withTaskGroup(of: (Int, (DNSAnswer<[UInt8]>?, String?, Duration)).self) { group in
            for (index, host) in hosts.enumerated() {
                group.addTask {
                    let started = ContinuousClock.now
                    let answer = await DANELookup.answer { () async throws(MXError) in
                        try await resolver.tlsaRecords(tlsaName(host.name))
                    }
                    return (index, (answer.0, answer.1, ContinuousClock.now - started))
                }
            }
            var answers: [(Int, (DNSAnswer<[UInt8]>?, String?, Duration))] = []
            for await answer in group { answers.append(answer) }
            return answers.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// The sessions, at most `concurrency` at once, in the jobs' order.
    static func runBounded(
        _ jobs: [HostProbe], concurrency: Int, progress: @escaping @Sendable (Int, Int) -> Void
    ) async -> [ProbeResult] {
        await withTaskGroup(of: (Int, ProbeResult).self) { group in
            var next = 0
            var results: [(Int, ProbeResult)] = []
            progress(0, jobs.count)
            while next < min(concurrency, jobs.count) {
                let index = next
                group.addTask { (index, await jobs[index].run()) }
                next += 1
            }
            for await result in group {
                results.append(result)
                progress(results.count, jobs.count)
                if next < jobs.count {
                    let index = next
                    group.addTask { (index, await jobs[index].run()) }
                    next += 1
                }
            }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}

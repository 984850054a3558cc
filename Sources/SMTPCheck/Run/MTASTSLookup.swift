import SMTPTransport

extension DomainCheck {
    /// `_mta-sts.DOMAIN`, then the policy it announces (RFC 8461 §3); nil when there is no record at all.
    public func mtaSTSReport() async -> MTASTSReport? {
        let records: [String]
        do {
            records = try await resolver.textRecords("_mta-sts.\(domain)").values
        } catch {
            return MTASTSReport(id: nil, policy: nil, problem: "the _mta-sts TXT lookup failed: \(error.message)")
        }
        guard records.contains(where: { $0.hasPrefix("v=STSv1") }) else { return nil }
        let record: MTASTSRecord
        do {
            record = try MTASTSRecord(selectingFrom: records)
        } catch {
            return MTASTSReport(id: nil, policy: nil, problem: "_mta-sts.\(domain): \(error.description)")
        }
        switch await fetchPolicy(domain) {
        case .failure(let failure):
            return MTASTSReport(id: record.id, policy: nil, problem: failure.message, problemType: failure.type)
        case .success(let text):
            do {
                return MTASTSReport(id: record.id, policy: try MTASTSPolicy(parsing: text), problem: nil)
            } catch {
                return MTASTSReport(
                    id: record.id, policy: nil, problem: "the policy is invalid: \(error.description)", problemType: .stsPolicyInvalid)
            }
        }
    }

    /// `_smtp._tls.DOMAIN` (RFC 8460 §3); nil when there is no TLS-RPT record.
    func tlsRPTRecord() async -> Result<TLSRPTRecord, TXTRecordProblem>? {
        guard let records = try? await resolver.textRecords("_smtp._tls.\(domain)").values,
            records.contains(where: { $0.hasPrefix("v=TLSRPTv1") })
        else { return nil }
        do {
            return .success(try TLSRPTRecord(selectingFrom: records))
        } catch {
            return .failure(error)
        }
    }
}

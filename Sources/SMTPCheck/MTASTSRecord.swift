/// The `_mta-sts.DOMAIN` TXT record (RFC 8461 §3.1): `v=STSv1; id=20240101T000000;`. It says
/// the domain has a policy; the policy itself is fetched over HTTPS (``MTASTSPolicy``).
public struct MTASTSRecord: Equatable, Sendable {
    /// The policy's identifier, 1 to 32 letters and digits: a sender fetches the policy again
    /// when it changes.
    public let id: String

    /// The one record among the domain's TXT records (each one's strings already joined) that
    /// begins with `v=STSv1`. Records that do not are discarded; if none or several are left,
    /// or the one left is invalid, the domain has no MTA-STS policy (the error says why).
    public init(selectingFrom records: [String]) throws(TXTRecordProblem) {
        let record = try TXTPolicyRecord(selectingFrom: records, version: "v=STSv1", known: ["id"])
        guard let id = record.fields["id"] else { throw .missingField("id") }
        guard (1...32).contains(id.unicodeScalars.count), id.unicodeScalars.allSatisfy(\.isASCIIAlphanumeric) else {
            throw .invalidValue(field: "id", value: id)
        }
        self.id = id
    }
}

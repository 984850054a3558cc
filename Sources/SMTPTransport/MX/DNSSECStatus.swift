/// How far DNSSEC vouches for an answer, as the validating resolver asked reports it.
///
/// smtpc trusts the resolver's AD bit, as Postfix does (RFC 7672 §2.1.1); it does not
/// check signatures itself. Give it a validating resolver you reach over a trusted path.
public enum DNSSECStatus: String, Sendable, Hashable, CustomStringConvertible {
    /// The resolver validated the answer (it set the AD bit).
    case secure
    /// The answer is not signed, or the resolver does not validate.
    case insecure
    /// Validation failed: SERVFAIL without CD, data with CD.
    case bogus

    public var description: String { rawValue }

    /// The weaker of two statuses, for an answer made of several (a host's A and AAAA records).
    public func weakest(_ other: DNSSECStatus) -> DNSSECStatus {
        if self == .bogus || other == .bogus { return .bogus }
        return self == .secure && other == .secure ? .secure : .insecure
    }
}

/// The records of one name and type, with their DNSSEC status (nil when DNSSEC was not asked about).
public struct DNSAnswer<Value: Sendable & Hashable>: Sendable, Hashable {
    /// The records' values, in the server's order.
    public let values: [Value]
    public let status: DNSSECStatus?
    /// False when the name does not exist (NXDOMAIN).
    public let nameExists: Bool

    public init(values: [Value], status: DNSSECStatus?, nameExists: Bool) {
        self.values = values
        self.status = status
        self.nameExists = nameExists
    }
}

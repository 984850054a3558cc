/// The record types this client asks for or follows (RFC 1035 §3.2.2, RFC 3596).
enum DNSRecordType: UInt16, Sendable, CustomStringConvertible {
    case a = 1
    case cname = 5
    case mx = 15
    case aaaa = 28

    var description: String {
        switch self {
        case .a: return "A"
        case .cname: return "CNAME"
        case .mx: return "MX"
        case .aaaa: return "AAAA"
        }
    }
}

/// The Internet class, the only one this client uses.
let dnsClassIN: UInt16 = 1

/// The question of a message: which name, which type, which class.
struct DNSQuestion: Sendable, Hashable {
    let name: DNSName
    let type: UInt16
    let recordClass: UInt16
}

/// The data of one resource record, decoded for the types we use.
enum DNSRecordData: Sendable, Hashable {
    /// An IPv4 address (4 bytes).
    case a([UInt8])
    /// An IPv6 address (16 bytes).
    case aaaa([UInt8])
    /// A mail exchanger with its preference (lower is preferred).
    case mx(preference: UInt16, exchange: DNSName)
    /// An alias: the owner name is another name for `target`.
    case cname(DNSName)
    /// A type we do not decode; its data is skipped.
    case other
}

/// One resource record of the answer section.
struct DNSRecord: Sendable, Hashable {
    let name: DNSName
    let type: UInt16
    let recordClass: UInt16
    let ttl: UInt32
    let data: DNSRecordData
}

/// A response code from the header (RFC 1035 §4.1.1).
struct DNSResponseCode: Sendable, Hashable, CustomStringConvertible {
    let value: UInt8

    static let noError = DNSResponseCode(value: 0)
    static let nameError = DNSResponseCode(value: 3)

    /// The usual mnemonic and what it means, for messages.
    var description: String {
        switch value {
        case 0: return "NOERROR"
        case 1: return "FORMERR (the server could not read the query)"
        case 2: return "SERVFAIL (the server failed to get an answer)"
        case 3: return "NXDOMAIN (no such name)"
        case 4: return "NOTIMP (the server does not support this query)"
        case 5: return "REFUSED (the server refuses to answer)"
        default: return "response code \(value)"
        }
    }
}

/// A parsed response: the header fields we use, the question and the answer records.
struct DNSResponse: Sendable, Hashable {
    let id: UInt16
    /// The QR bit: set in responses.
    let isResponse: Bool
    let opcode: UInt8
    /// The TC bit: the server cut the answer to fit a datagram; ask again over TCP.
    let isTruncated: Bool
    let responseCode: DNSResponseCode
    let questions: [DNSQuestion]
    /// The answer section; empty when the response is truncated (it may be cut mid-record).
    let answers: [DNSRecord]

    /// The records of `type` that answer for `name`, following CNAME records in the answer.
    ///
    /// A recursive server answers a query for an alias with the CNAME chain and then the
    /// target's records; only records owned by a name on that chain are taken, so that
    /// unrelated records slipped into the answer are ignored. The chain is bounded.
    func records(of type: DNSRecordType, for name: DNSName) -> [DNSRecord] {
        var owners: Set<DNSName> = [name]
        var current = name
        for _ in 0..<8 {
            let alias = answers.first { record in
                if case .cname = record.data { return record.name == current }
                return false
            }
            guard let alias, case .cname(let target) = alias.data, !owners.contains(target) else { break }
            owners.insert(target)
            current = target
        }
        return answers.filter {
            $0.type == type.rawValue && $0.recordClass == dnsClassIN && owners.contains($0.name)
        }
    }
}

/// Builds queries (RFC 1035 §4.1): one question, recursion desired, no EDNS.
enum DNSQueryEncoder {
    /// The bytes of a standard query for `name` and `type` with transaction `id`.
    ///
    /// Recursion is asked for because the server is normally the system's recursive
    /// resolver. Without EDNS a UDP answer is limited to 512 bytes; a longer one comes
    /// back truncated and is asked for again over TCP.
    static func query(id: UInt16, name: DNSName, type: DNSRecordType) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(18 + name.labels.reduce(0) { $0 + $1.count + 1 })
        append(id, to: &bytes)
        append(0x0100, to: &bytes)  // QR=0, opcode 0 (QUERY), RD=1
        append(1, to: &bytes)  // QDCOUNT
        append(0, to: &bytes)  // ANCOUNT
        append(0, to: &bytes)  // NSCOUNT
        append(0, to: &bytes)  // ARCOUNT
        bytes.append(contentsOf: name.wireBytes)
        append(type.rawValue, to: &bytes)
        append(dnsClassIN, to: &bytes)
        return bytes
    }

    /// Appends a 16-bit value in network byte order.
    static func append(_ value: UInt16, to bytes: inout [UInt8]) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }
}

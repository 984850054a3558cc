/// The record types this client asks for or follows (RFC 1035 §3.2.2, RFC 3596).
enum DNSRecordType: UInt16, Sendable, CustomStringConvertible {
    case a = 1
    case cname = 5
    case mx = 15
    case txt = 16
    case aaaa = 28
    case tlsa = 52

    var description: String {
        switch self {
        case .a: return "A"
        case .cname: return "CNAME"
        case .mx: return "MX"
        case .txt: return "TXT"
        case .aaaa: return "AAAA"
        case .tlsa: return "TLSA"
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
    /// Text: the record's character-strings, in order (RFC 1035 §3.3.14).
    case txt([[UInt8]])
    /// A TLSA record's data as sent (RFC 6698 §2.1), read by SMTPCheck's `TLSARecord`.
    case tlsa([UInt8])
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
    static let serverFailure = DNSResponseCode(value: 2)
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
    /// The AD bit: the validating resolver checked the DNSSEC signatures of the answer (RFC 4035 §3.2.3).
    let isAuthenticData: Bool
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

/// How a query asks about DNSSEC.
enum DNSQueryMode: Sendable, Hashable {
    /// A plain query without EDNS, as an MX lookup for connecting needs.
    case plain
    /// EDNS(0) with the DO bit and AD set (RFC 6840 §5.7), so that a validating resolver says whether
    /// it checked the answer; `checkingDisabled` sets CD, asking for the data even when validation fails.
    case dnssec(checkingDisabled: Bool)
}

/// Builds queries (RFC 1035 §4.1): one question, recursion desired, EDNS only when DNSSEC is asked about.
enum DNSQueryEncoder {
    /// The UDP payload size offered with EDNS: the size that avoids fragmentation (DNS Flag Day 2020).
    static let ednsPayloadSize: UInt16 = 1232

    /// The bytes of a standard query for `name` and `type` with transaction `id`.
    ///
    /// Recursion is asked for because the server is normally the system's recursive
    /// resolver. Without EDNS a UDP answer is limited to 512 bytes; a longer one comes
    /// back truncated and is asked for again over TCP.
    static func query(id: UInt16, name: DNSName, type: DNSRecordType, mode: DNSQueryMode = .plain) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(29 + name.labels.reduce(0) { $0 + $1.count + 1 })
        append(id, to: &bytes)
        switch mode {
        case .plain:
            append(0x0100, to: &bytes)  // QR=0, opcode 0 (QUERY), RD=1
        case .dnssec(let checkingDisabled):
            append(0x0120 | (checkingDisabled ? 0x0010 : 0), to: &bytes)  // RD=1, AD=1, CD as asked
        }
        append(1, to: &bytes)  // QDCOUNT
        append(0, to: &bytes)  // ANCOUNT
        append(0, to: &bytes)  // NSCOUNT
        append(mode == .plain ? 0 : 1, to: &bytes)  // ARCOUNT: the OPT record
        bytes.append(contentsOf: name.wireBytes)
        append(type.rawValue, to: &bytes)
        append(dnsClassIN, to: &bytes)
        if mode != .plain {
            // OPT (RFC 6891 §6.1.2): root owner, type 41, the payload size as class,
            // extended RCODE 0, version 0, the DO bit (RFC 3225), no options.
            bytes.append(0)
            append(41, to: &bytes)
            append(ednsPayloadSize, to: &bytes)
            append(0, to: &bytes)
            append(0x8000, to: &bytes)
            append(0, to: &bytes)
        }
        return bytes
    }

    /// Appends a 16-bit value in network byte order.
    static func append(_ value: UInt16, to bytes: inout [UInt8]) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }
}

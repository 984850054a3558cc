/// Why a DNS message could not be read; `reason` names the place and the fault.
struct DNSFormatError: Error, Hashable, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}

/// Reads DNS messages (RFC 1035 §4.1) from untrusted bytes, bounded and never trapping.
///
/// Every read is checked against the end of the message; names are limited to 255
/// bytes and their compression pointers must point strictly backwards, each before
/// the last, so a pointer loop cannot make the reader spin. The answer section is
/// decoded; the authority and additional sections are not read at all, since an MX
/// lookup trusts only answers it asked for.
struct DNSMessageParser {
    /// The largest message accepted: the most TCP's two-byte length prefix allows.
    static let maximumMessageLength = 65_535

    private let bytes: [UInt8]
    private var offset = 0

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses a whole response: header, questions and (unless truncated) answers.
    static func parse(_ bytes: [UInt8]) throws(DNSFormatError) -> DNSResponse {
        guard bytes.count <= maximumMessageLength else {
            throw DNSFormatError(reason: "message of \(bytes.count) bytes is longer than 65535")
        }
        var parser = DNSMessageParser(bytes)
        let id = try parser.readUInt16()
        let flags = try parser.readUInt16()
        let questionCount = Int(try parser.readUInt16())
        let answerCount = Int(try parser.readUInt16())
        _ = try parser.readUInt16()  // NSCOUNT: the authority section is not read
        _ = try parser.readUInt16()  // ARCOUNT: nor the additional section
        let isTruncated = flags & 0x0200 != 0

        var questions: [DNSQuestion] = []
        for _ in 0..<questionCount {
            let name = try parser.readName()
            questions.append(DNSQuestion(name: name, type: try parser.readUInt16(), recordClass: try parser.readUInt16()))
        }
        var answers: [DNSRecord] = []
        if !isTruncated {
            for _ in 0..<answerCount {
                answers.append(try parser.readRecord())
            }
        }
        return DNSResponse(
            id: id, isResponse: flags & 0x8000 != 0, opcode: UInt8((flags >> 11) & 0x0F),
            isTruncated: isTruncated, isAuthenticData: flags & 0x0020 != 0, responseCode: DNSResponseCode(value: UInt8(flags & 0x000F)),
            questions: questions, answers: answers)
    }

    /// One resource record: owner, type, class, TTL and data, the data decoded by type.
    private mutating func readRecord() throws(DNSFormatError) -> DNSRecord {
        let name = try readName()
        let type = try readUInt16()
        let recordClass = try readUInt16()
        let ttlHigh = try readUInt16()
        let ttlLow = try readUInt16()
        let ttl = UInt32(ttlHigh) << 16 | UInt32(ttlLow)
        let length = Int(try readUInt16())
        let dataStart = offset
        let dataEnd = dataStart + length
        guard dataEnd <= bytes.count else {
            throw DNSFormatError(reason: "record data of \(length) bytes at byte \(dataStart) runs past the end (\(bytes.count))")
        }
        let data: DNSRecordData
        switch (recordClass, DNSRecordType(rawValue: type)) {
        case (dnsClassIN, .a):
            guard length == 4 else { throw DNSFormatError(reason: "A record at byte \(dataStart) has \(length) bytes, not 4") }
            data = .a(Array(bytes[dataStart..<dataEnd]))
        case (dnsClassIN, .aaaa):
            guard length == 16 else {
                throw DNSFormatError(reason: "AAAA record at byte \(dataStart) has \(length) bytes, not 16")
            }
            data = .aaaa(Array(bytes[dataStart..<dataEnd]))
        case (dnsClassIN, .mx):
            let preference = try readUInt16()
            data = .mx(preference: preference, exchange: try readName())
            try requireOffset(dataEnd, dataStart: dataStart)
        case (dnsClassIN, .cname):
            data = .cname(try readName())
            try requireOffset(dataEnd, dataStart: dataStart)
        case (dnsClassIN, .txt):
            data = .txt(try readCharacterStrings(dataStart..<dataEnd))
        case (dnsClassIN, .tlsa):
            guard length >= 3 else { throw DNSFormatError(reason: "TLSA record at byte \(dataStart) has \(length) bytes") }
            data = .tlsa(Array(bytes[dataStart..<dataEnd]))
        default:
            data = .other
        }
        offset = dataEnd
        return DNSRecord(name: name, type: type, recordClass: recordClass, ttl: ttl, data: data)
    }

    /// The character-strings of a TXT record's data: each a length byte and that many bytes, filling the data exactly.
    private func readCharacterStrings(_ range: Range<Int>) throws(DNSFormatError) -> [[UInt8]] {
        var strings: [[UInt8]] = []
        var position = range.lowerBound
        while position < range.upperBound {
            let end = position + 1 + Int(bytes[position])
            guard end <= range.upperBound else {
                throw DNSFormatError(reason: "TXT string at byte \(position) runs past its record's data")
            }
            strings.append(Array(bytes[(position + 1)..<end]))
            position = end
        }
        return strings
    }

    /// A possibly compressed name (RFC 1035 §4.1.4); the offset moves past its first part only.
    private mutating func readName() throws(DNSFormatError) -> DNSName {
        let start = offset
        var position = offset
        var labels: [[UInt8]] = []
        var wireLength = 1
        // Each pointer must point before this limit, which then drops to its target.
        var pointerLimit = start
        var resumeAt: Int?
        while true {
            guard position < bytes.count else {
                throw DNSFormatError(reason: "name at byte \(start) runs past the end of the message")
            }
            let length = Int(bytes[position])
            switch length & 0xC0 {
            case 0x00:
                if length == 0 {
                    offset = resumeAt ?? position + 1
                    return DNSName(labels: labels)
                }
                guard position + 1 + length <= bytes.count else {
                    throw DNSFormatError(reason: "label at byte \(position) runs past the end of the message")
                }
                wireLength += length + 1
                guard wireLength <= DNSName.maximumWireLength else {
                    throw DNSFormatError(reason: "name at byte \(start) is longer than 255 bytes")
                }
                labels.append(Array(bytes[(position + 1)...(position + length)]))
                position += 1 + length
            case 0xC0:
                guard position + 1 < bytes.count else {
                    throw DNSFormatError(reason: "compression pointer at byte \(position) is cut off")
                }
                let target = (length & 0x3F) << 8 | Int(bytes[position + 1])
                guard target < pointerLimit else {
                    throw DNSFormatError(
                        reason:
                            "compression pointer at byte \(position) points to byte \(target), not back before "
                            + "\(pointerLimit) (a loop or a forward pointer)"
                    )
                }
                if resumeAt == nil { resumeAt = position + 2 }
                pointerLimit = target
                position = target
            default:
                throw DNSFormatError(reason: "unknown label type 0x\(String(length, radix: 16)) at byte \(position)")
            }
        }
    }

    /// Checks that a name read inside record data ended exactly where the data length says.
    private func requireOffset(_ dataEnd: Int, dataStart: Int) throws(DNSFormatError) {
        guard offset == dataEnd else {
            throw DNSFormatError(reason: "record data at byte \(dataStart) does not match its length \(dataEnd - dataStart)")
        }
    }

    /// A 16-bit value in network byte order.
    private mutating func readUInt16() throws(DNSFormatError) -> UInt16 {
        guard offset + 2 <= bytes.count else {
            throw DNSFormatError(reason: "message ends at byte \(bytes.count), inside a field at byte \(offset)")
        }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }
}

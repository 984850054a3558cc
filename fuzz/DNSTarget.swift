#if DEBUG
    @testable import SMTPTransport

    /// A DNS message from an untrusted server: read or refused, never a trap, and what is
    /// read stays within RFC 1035's bounds and shows as text safe for a terminal.
    func fuzzDNSMessage(_ bytes: [UInt8]) {
        guard let response = try? DNSMessageParser.parse(bytes) else { return }
        precondition(bytes.count <= DNSMessageParser.maximumMessageLength)
        func check(_ name: DNSName) {
            precondition(name.wireBytes.count <= DNSName.maximumWireLength, "a name longer than 255 bytes")
            precondition(name.labels.allSatisfy { !$0.isEmpty && $0.count <= DNSName.maximumLabelLength })
            precondition(isTerminalSafe(name.description), "a name shows control characters")
        }
        for question in response.questions { check(question.name) }
        if response.isTruncated { precondition(response.answers.isEmpty, "answers read from a truncated message") }
        for record in response.answers {
            check(record.name)
            switch record.data {
            case .a(let address): precondition(address.count == 4)
            case .aaaa(let address): precondition(address.count == 16)
            case .mx(_, let exchange): check(exchange)
            case .cname(let target): check(target)
            case .txt(let strings): precondition(strings.allSatisfy { $0.count <= 255 }, "a TXT string longer than 255 bytes")
            case .tlsa(let data): precondition(data.count >= 3, "TLSA data without its three numbers")
            case .other: break
            }
        }
        for question in response.questions {
            for type in [DNSRecordType.mx, .a, .aaaa, .txt, .tlsa] {
                let chosen = response.records(of: type, for: question.name)
                precondition(chosen.allSatisfy { response.answers.contains($0) && $0.type == type.rawValue })
            }
        }
        _ = response.responseCode.description
    }
#endif

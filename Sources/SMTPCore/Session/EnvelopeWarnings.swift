extension SessionMachine {
    /// Warnings about the shape and parameters of a MAIL FROM / RCPT TO line.
    func envelopeWarnings(_ arguments: EnvelopeArguments, line: String) -> [String] {
        let form = arguments.verb == .mail ? "MAIL FROM:<address>" : "RCPT TO:<address>"
        var warnings: [String] = []
        if !arguments.hasPrefixWord {
            warnings.append("Expected \(form).")
        } else if arguments.spaceAfterColon {
            warnings.append("No space belongs after the colon (\(form)); strict servers answer 501.")
        }
        if !arguments.hasAngleBrackets {
            warnings.append("The address should be in angle brackets: \(form).")
        }
        if arguments.verb == .rcpt && arguments.hasAngleBrackets && arguments.address.isEmpty {
            warnings.append("RCPT TO:<> has no recipient; the server will answer 501 or 553.")
        }
        warnings += parameterWarnings(arguments)
        if arguments.verb == .mail && arguments.address.utf8.contains(where: { $0 >= 0x80 })
            && offers("SMTPUTF8") && arguments.parameter("SMTPUTF8") == nil
        {
            warnings.append("A non-ASCII address needs the SMTPUTF8 parameter on MAIL FROM (RFC 6531).")
        }
        return warnings
    }

    /// Parameters that the server did not advertise, that belong to the other command,
    /// or (for SIZE) that exceed the advertised limit.
    private func parameterWarnings(_ arguments: EnvelopeArguments) -> [String] {
        guard !arguments.parameters.isEmpty else { return [] }
        if hello == .helo {
            return ["After HELO the server offers no extensions; parameters will be refused (use EHLO)."]
        }
        var warnings: [String] = []
        for parameter in arguments.parameters {
            if let known = EnvelopeParameter.named(parameter.keyword), known.verb != arguments.verb {
                let home = known.verb == .mail ? "MAIL FROM" : "RCPT TO"
                warnings.append("\(parameter.keyword) is a \(home) parameter.")
                continue
            }
            let needed = EnvelopeParameter.requiredExtension(keyword: parameter.keyword, value: parameter.value)
            if let extensions, !extensions.contains(needed) {
                warnings.append("\(parameter.keyword) needs \(needed), which the server did not advertise.")
            } else if parameter.keyword == "SIZE", let limit = extensions?.sizeLimit,
                let size = parameter.value.flatMap({ Int($0) }), size > limit
            {
                warnings.append("SIZE=\(size) is over the server's advertised limit of \(limit) bytes.")
            }
            if let problem = Self.dsnValueProblem(keyword: parameter.keyword, value: parameter.value) {
                warnings.append("\(parameter.keyword)=\(parameter.value ?? ""): \(problem)")
            }
        }
        return warnings
    }

    /// What is wrong with a DSN parameter's value (RFC 3461), read as `smtpc send` reads it;
    /// nil when it is fine or the keyword is not DSN's.
    private static func dsnValueProblem(keyword: String, value: String?) -> String? {
        let text = value ?? ""
        do {
            switch keyword {
            case "NOTIFY": _ = try DSNNotify(parsing: text)
            case "RET": _ = try DSNReturn(parsing: text)
            case "ENVID": _ = try XText.decode(text)
            case "ORCPT":
                guard let semicolon = text.firstIndex(of: ";") else { return "ORCPT is TYPE;ADDRESS, as rfc822;user@example.org" }
                _ = try XText.decode(String(text[text.index(after: semicolon)...]))
            default: return nil
            }
        } catch {
            return "\(error)"
        }
        return nil
    }

    /// Warnings for an AUTH line: not offered, mechanism not advertised, wrong moment.
    func authWarnings(line: String) -> [String] {
        var warnings: [String] = []
        if isAuthenticated {
            warnings.append("Already authenticated; the server will answer 503.")
        } else if transaction != nil {
            warnings.append("AUTH is not allowed during a mail transaction (RFC 4954); RSET first.")
        }
        guard let extensions else { return warnings }
        let mechanisms = extensions.authMechanisms
        if !extensions.contains("AUTH") {
            let hint = isTLSActive ? "" : " (many servers offer it only after STARTTLS)"
            warnings.append("The server did not advertise AUTH\(hint).")
        } else if let mechanism = line.split(separator: " ").dropFirst().first.map({ ASCII.uppercased($0) }),
            !mechanisms.contains(mechanism)
        {
            warnings.append("\(mechanism) is not among the advertised mechanisms: \(mechanisms.joined(separator: " ")).")
        }
        return warnings
    }
}

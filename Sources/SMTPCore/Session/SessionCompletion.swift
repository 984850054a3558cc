extension SessionMachine {
    /// How each verb is offered in completion, in the order the product brief lists them.
    static let verbCompletions: [(verb: SMTPVerb, text: String)] = [
        (.helo, "HELO"), (.ehlo, "EHLO"), (.mail, "MAIL FROM:<"), (.rcpt, "RCPT TO:<"),
        (.data, "DATA"), (.rset, "RSET"), (.noop, "NOOP"), (.quit, "QUIT"), (.vrfy, "VRFY"),
        (.expn, "EXPN"), (.help, "HELP"), (.startTLS, "STARTTLS"), (.auth, "AUTH"),
        (.bdat, "BDAT"), (.lhlo, "LHLO"),
    ]

    /// Verbs that need an argument: a unique completion adds a space after them.
    private static let verbsWithArgument: Set<String> = ["HELO", "EHLO", "LHLO", "VRFY", "EXPN", "AUTH", "BDAT"]

    /// TAB completion for the text before the cursor.
    ///
    /// - Parameters:
    ///   - text: the line from its start to the cursor.
    ///   - metaCommands: the console's meta-command names (`help` or `/help`), offered
    ///     after a leading `/`.
    ///   - extraAddresses: addresses to offer besides those used in this session (for
    ///     example from earlier sessions), after them.
    /// Offers nothing in the DATA body and in the answer to a 334 challenge.
    public func completions(
        for text: String, metaCommands: [String] = [], extraAddresses: [String] = []
    ) -> CompletionSuggestion {
        guard inputMode == .command else { return .none }
        let addresses = usedAddresses.reversed() + extraAddresses
        if text.hasPrefix("/") { return metaCompletion(text, metaCommands: metaCommands) }
        // "MAIL F" is still the verb being typed; "MAIL FROM:<" itself is followed by an address.
        let startsEnvelope = ["MAIL FROM:<", "RCPT TO:<"].contains {
            $0.utf8.count > text.utf8.count && CompletionSuggestion.matches($0, text)
        }
        guard let space = text.firstIndex(of: " "), !startsEnvelope else { return verbCompletion(text) }
        let arguments = text[text.index(after: space)...]
        switch SMTPVerb(line: text) {
        case .mail, .rcpt:
            return envelopeCompletion(text, addresses: addresses)
        case .auth where !arguments.contains(" "):
            return filtered(String(arguments), extensions?.authMechanisms ?? [])
        case .help where !arguments.contains(" "):
            return filtered(String(arguments), Self.verbCompletions.map(\.verb.rawValue))
        case .vrfy, .expn:
            return filtered(String(arguments), addresses)
        case .bdat:
            let words = arguments.split(separator: " ", omittingEmptySubsequences: false)
            guard words.count == 2, !words[0].isEmpty else { return .none }
            return filtered(String(words[1]), ["LAST"])
        case .unknown:
            guard let command = ForwardedClient.Command(line: text) else { return .none }
            return forwardedClientCompletion(arguments, command: command)
        default:
            return .none
        }
    }

    /// After `XCLIENT ` or `XFORWARD `: the attributes the server listed (not yet typed),
    /// each with its `=`; after `ATTRIBUTE=`, the values worth offering.
    private func forwardedClientCompletion(_ arguments: Substring, command: ForwardedClient.Command) -> CompletionSuggestion {
        guard let advertised = extensions?.parameters(for: command.rawValue) else { return .none }
        let words = arguments.split(separator: " ", omittingEmptySubsequences: false)
        let word = String(words.last ?? "")
        if let equals = word.firstIndex(of: "=") {
            return filtered(word, ForwardedClient.valueCompletions(for: String(word[..<equals])).map { word[...equals] + $0 })
        }
        let typed = Set(words.dropLast().map { ASCII.uppercased($0.prefix { $0 != "=" }) })
        let offered = advertised.map { ASCII.uppercased($0) }.filter { !typed.contains($0) }
        return filtered(word, offered) { _ in "=" }
    }

    /// The verbs matching `text`, those that make sense now first.
    private func verbCompletion(_ text: String) -> CompletionSuggestion {
        let useful = nextSteps.map(\.verb)
        // Useful verbs in the order of `nextSteps`, then the rest in the brief's order.
        let rank = { (verb: SMTPVerb) in useful.firstIndex(of: verb) ?? useful.count }
        let ordered = Self.verbCompletions.enumerated().sorted { a, b in
            (rank(a.element.verb), a.offset) < (rank(b.element.verb), b.offset)
        }
        // XCLIENT and XFORWARD only when the server advertised them (to trusted clients).
        let forwarding = ForwardedClient.Command.allCases.map(\.rawValue).filter { extensions?.contains($0) == true }
        let candidates = (ordered.map(\.element.text) + forwarding).filter { CompletionSuggestion.matches($0, text) }
        return CompletionSuggestion(word: text, candidates: candidates) {
            Self.verbsWithArgument.contains($0) || forwarding.contains($0) ? " " : ""
        }
    }

    /// Completion inside a MAIL FROM / RCPT TO line: the address, then the parameters.
    private func envelopeCompletion(_ text: String, addresses: [String]) -> CompletionSuggestion {
        guard let colon = text.firstIndex(of: ":") else { return .none }
        let path = text[text.index(after: colon)...]
        if !path.contains(">") && !path.dropFirst().contains(" ") {
            // Inside the path: complete an address, with its brackets.
            if path.hasPrefix("<") {
                return filtered(String(path.dropFirst()), addresses) { _ in ">" }
            }
            // "MAIL FROM:a" (no bracket yet): match the address, offer it with brackets.
            let word = String(path)
            let matching = addresses.filter { CompletionSuggestion.matches($0, word) }
            return CompletionSuggestion(word: word, candidates: matching.map { "<\($0)>" })
        }
        guard let close = path.firstIndex(of: ">"), let lastSpace = text.lastIndex(of: " "), lastSpace > close,
            let extensions
        else { return .none }
        let word = String(text[text.index(after: lastSpace)...])
        let verb = SMTPVerb(line: text)
        // Parameters already typed (before the word being completed) are not offered again.
        let typed = EnvelopeArguments(line: String(text[..<lastSpace]))?.parameters ?? []
        let present = Set(typed.map(\.keyword))
        let offered = EnvelopeParameter.all.filter {
            $0.verb == verb && !present.contains($0.keyword) && extensions.contains($0.extensionKeyword)
        }
        if let equals = word.firstIndex(of: "=") {
            let keyword = ASCII.uppercased(word[..<equals])
            let values = offered.first { $0.keyword == keyword }?.valueCompletions(advertised: extensions) ?? []
            return filtered(word, values)
        }
        return filtered(word, offered.flatMap { $0.keywordCompletions(advertised: extensions) })
    }

    /// Completion after `/`: meta-command names; after `/help ` also verbs; after
    /// `/auth ` the advertised mechanisms.
    private func metaCompletion(_ text: String, metaCommands: [String]) -> CompletionSuggestion {
        let names = metaCommands.map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 }
        guard let space = text.firstIndex(of: " ") else {
            return filtered(text, names.map { "/" + $0 })
        }
        let command = text[..<space].lowercased()
        let argument = String(text[text.index(after: space)...])
        guard !argument.contains(" ") else { return .none }
        switch command {
        case "/help": return filtered(argument, names + Self.verbCompletions.map(\.verb.rawValue))
        case "/auth": return filtered(argument, extensions?.authMechanisms ?? [])
        default: return .none
        }
    }

    /// The candidates that start with `word` (ASCII case ignored).
    private func filtered(
        _ word: String, _ candidates: [String], suffix: @escaping (String) -> String = { _ in "" }
    ) -> CompletionSuggestion {
        let matching = candidates.filter { CompletionSuggestion.matches($0, word) }
        return CompletionSuggestion(word: word, candidates: matching, suffix: suffix)
    }
}

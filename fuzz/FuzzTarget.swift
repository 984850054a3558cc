#if DEBUG
    /// The fuzz targets, by the name SMTPC_FUZZ_TARGET and `make fuzz` use.
    enum FuzzTarget: String, CaseIterable {
        case replyParser = "reply-parser"
        case capabilities
        case enhancedCode = "enhanced-code"
        case dnsMessage = "dns-message"
        case transcriptReader = "transcript-reader"
        case serverSession = "server-session"
        case consoleMachine = "console-machine"
        case profileFile = "profile-file"
        case proxyNegotiation = "proxy-negotiation"

        /// Runs one input; a broken invariant traps (libFuzzer saves the input).
        func run(_ bytes: [UInt8]) {
            switch self {
            case .replyParser: fuzzReplyParser(bytes)
            case .capabilities: fuzzCapabilities(bytes)
            case .enhancedCode: fuzzEnhancedCode(bytes)
            case .dnsMessage: fuzzDNSMessage(bytes)
            case .transcriptReader: fuzzTranscriptReader(bytes)
            case .serverSession: fuzzServerSession(bytes)
            case .consoleMachine: fuzzConsoleMachine(bytes)
            case .profileFile: fuzzProfileFile(bytes)
            case .proxyNegotiation: fuzzProxyNegotiation(bytes)
            }
        }
    }

    /// No C0 control (but TAB), no DEL and no C1 control: what may reach a terminal.
    func isTerminalSafe(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            let value = scalar.value
            return value == 0x09 || (value >= 0x20 && value != 0x7F && !(0x80...0x9F).contains(value))
        }
    }
#endif
